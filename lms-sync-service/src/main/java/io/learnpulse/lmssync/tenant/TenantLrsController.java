package io.learnpulse.lmssync.tenant;

import io.learnpulse.lmssync.LmsSyncProperties;
import io.learnpulse.lmssync.error.InvalidValueException;
import io.learnpulse.lmssync.error.NotFoundException;
import io.learnpulse.lmssync.tenant.TenantLrsStore.LrsSettings;
import io.learnpulse.schemas.net.OutboundUrlPolicy;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /v1/admin/tenants/{tenantId}/lrs}: a tenant's Learning Record Store settings, which
 * xapi-emitter reads through the internal API. The password is write-only: answers say only whether
 * one is set.
 */
@RestController
@RequestMapping("/v1/admin/tenants/{tenantId}/lrs")
class TenantLrsController {

  private static final int MAX_URL = 2000;
  private static final int MAX_USERNAME = 255;
  private static final int MAX_PASSWORD = 1000;

  private final TenantLrsStore store;
  private final OutboundUrlPolicy outbound;

  TenantLrsController(TenantLrsStore store, LmsSyncProperties properties) {
    this.store = store;
    this.outbound = OutboundUrlPolicy.allowing(properties.lrsAllowedHosts());
  }

  /**
   * LRS settings as the admin API takes them; all are required when {@code enabled} is true.
   *
   * @param enabled opt-in: statements are sent only when true
   * @param endpoint the LRS's xAPI base URL (http or https)
   * @param homePage the account home page of the tenant's learners (http or https)
   * @param username Basic-auth user (LRS key)
   * @param password Basic-auth secret (stored encrypted, never shown)
   */
  record LrsBody(
      Boolean enabled, String endpoint, String homePage, String username, String password) {

    @Override
    public String toString() {
      return "LrsBody[enabled="
          + enabled
          + ", endpoint="
          + endpoint
          + ", username="
          + username
          + "]";
    }
  }

  /** LRS settings as the admin API shows them: without the password. */
  record LrsView(
      String tenantId,
      boolean enabled,
      String endpoint,
      String homePage,
      String username,
      boolean passwordSet) {

    static LrsView of(LrsSettings settings) {
      return new LrsView(
          settings.tenantId(),
          settings.enabled(),
          settings.endpoint(),
          settings.homePage(),
          settings.username(),
          settings.passwordSet());
    }
  }

  @GetMapping
  LrsView get(@PathVariable String tenantId) {
    Ids.check(tenantId, "tenantId");
    return LrsView.of(store.find(tenantId).orElseThrow(() -> unknownTenant(tenantId)));
  }

  @PutMapping
  LrsView put(@PathVariable String tenantId, @RequestBody LrsBody body) {
    Ids.check(tenantId, "tenantId");
    if (body.enabled() == null) {
      throw invalid("enabled", "is required (true or false)");
    }
    boolean enabled = body.enabled();
    String endpoint = url("endpoint", body.endpoint(), enabled);
    if (endpoint != null) {
      // Refused at save: the emitter would POST the tenant's credentials there (issue 10 SSRF).
      outbound
          .problem(endpoint)
          .ifPresent(
              problem -> {
                throw invalid("endpoint", problem);
              });
    }
    String homePage = url("homePage", body.homePage(), enabled);
    String username = text("username", body.username(), MAX_USERNAME, enabled);
    String password = text("password", body.password(), MAX_PASSWORD, enabled);
    if (!store.put(tenantId, enabled, endpoint, homePage, username, password)) {
      throw unknownTenant(tenantId);
    }
    return get(tenantId);
  }

  /** Forgets the tenant's settings and password: no statements are sent for it any more. */
  @DeleteMapping
  ResponseEntity<Void> delete(@PathVariable String tenantId) {
    Ids.check(tenantId, "tenantId");
    if (!store.delete(tenantId)) {
      throw unknownTenant(tenantId);
    }
    return ResponseEntity.noContent().build();
  }

  private static String url(String field, String value, boolean required) {
    if (value == null || value.isBlank()) {
      if (required) {
        throw invalid(field, "is required when enabled is true");
      }
      return null;
    }
    if (value.length() > MAX_URL) {
      throw invalid(field, "must be at most " + MAX_URL + " characters");
    }
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("https") || scheme.equals("http"))
          && uri.getHost() != null
          && uri.getRawUserInfo() == null
          && uri.getRawFragment() == null) {
        return value;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw invalid(field, "must be an absolute http or https URL without user info or fragment");
  }

  private static String text(String field, String value, int max, boolean required) {
    if (value == null || value.isEmpty()) {
      if (required) {
        throw invalid(field, "is required when enabled is true");
      }
      return null;
    }
    if (value.isBlank() || value.length() > max) {
      throw invalid(field, "must be 1 to " + max + " characters, not only blanks");
    }
    return value;
  }

  private static InvalidValueException invalid(String field, String message) {
    return new InvalidValueException(field, message);
  }

  private static NotFoundException unknownTenant(String tenantId) {
    return new NotFoundException("unknown tenant " + tenantId);
  }
}

package io.learnpulse.lmssync.xapi;

import io.learnpulse.lmssync.error.NotFoundException;
import io.learnpulse.lmssync.health.LrsDelivery;
import io.learnpulse.lmssync.registration.RegistrationStore;
import io.learnpulse.lmssync.secrets.SecretsCipher.UndecryptableSecretException;
import io.learnpulse.lmssync.tenant.TenantLrsStore;
import io.learnpulse.lmssync.tenant.TenantLrsStore.LrsSettings;
import io.learnpulse.lmssync.xapi.LrsStatementReader.Lookup;
import io.learnpulse.lmssync.xapi.LrsStatementReader.Source;
import io.learnpulse.schemas.xapi.XapiUuids;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /v1/admin/tenants/{tenantId}/registrations/{registrationId}/xapi}: the registration's
 * xAPI delivery — what the tenant's LRS holds for it (statements with {@code context.registration}
 * = {@link XapiUuids#registration}, the UUID xapi-emitter writes), read server-side by {@link
 * LrsStatementReader}, and the tenant's delivery state as xapi-emitter reports it (ADR 0028, 0031).
 * A registration of another tenant is not found; nothing about the LRS's credentials is answered.
 */
@RestController
class XapiDeliveryController {

  /** {@code state}: the tenant has no enabled LRS with credentials. */
  static final String NOT_CONFIGURED = "not-configured";

  /** {@code state}: the LRS answered; {@code statements} is what it holds. */
  static final String DELIVERED = "delivered";

  /** {@code state}: no usable answer from the LRS (connection, deadline, 5xx, unreadable). */
  static final String LRS_UNREACHABLE = "lrs-unreachable";

  /** {@code state}: the LRS refused (4xx, e.g. 401 credentials), or its host is not allowed. */
  static final String LRS_REFUSED = "lrs-refused";

  private final RegistrationStore registrations;
  private final TenantLrsStore lrs;
  private final LrsStatementReader reader;
  private final LrsDelivery delivery;

  XapiDeliveryController(
      RegistrationStore registrations,
      TenantLrsStore lrs,
      LrsStatementReader reader,
      LrsDelivery delivery) {
    this.registrations = registrations;
    this.lrs = lrs;
    this.reader = reader;
    this.delivery = delivery;
  }

  /**
   * One statement, compact.
   *
   * @param verbDisplay the verb's {@code en-US} (else {@code en}, else first) display
   * @param timestamp as the statement says (ISO 8601)
   * @param stored when the LRS stored it (ISO 8601)
   */
  record StatementView(
      String id,
      String verbId,
      String verbDisplay,
      String objectId,
      String timestamp,
      String stored) {}

  /**
   * The registration's xAPI delivery.
   *
   * @param xapiRegistration the statements' {@code context.registration}
   * @param state {@value #NOT_CONFIGURED}, {@value #DELIVERED}, {@value #LRS_UNREACHABLE} or
   *     {@value #LRS_REFUSED}
   * @param endpointHost the LRS's host (not the URL: paths may carry account names)
   * @param lrsStatus the LRS's HTTP status when it refused or failed
   * @param reason why the list is missing or incomplete
   * @param count statements listed
   * @param truncated the LRS holds more than listed (cap, deadline, a later page failed)
   * @param delivery the tenant's delivery state as xapi-emitter reports it; null when xAPI is off
   */
  record XapiDeliveryView(
      UUID registrationId,
      UUID xapiRegistration,
      String state,
      String endpointHost,
      Integer lrsStatus,
      String reason,
      int count,
      boolean truncated,
      List<StatementView> statements,
      LrsDelivery.State delivery) {}

  @GetMapping("/v1/admin/tenants/{tenantId}/registrations/{registrationId}/xapi")
  XapiDeliveryView xapi(@PathVariable String tenantId, @PathVariable UUID registrationId) {
    registrations
        .find(registrationId, false)
        .filter(r -> r.tenantId().equals(tenantId))
        .orElseThrow(() -> new NotFoundException("unknown registration " + registrationId));
    UUID xapiRegistration = XapiUuids.registration(registrationId);
    LrsSettings settings =
        lrs.find(tenantId).orElseThrow(() -> new NotFoundException("unknown tenant " + tenantId));
    if (!settings.enabled() || settings.endpoint() == null || !settings.passwordSet()) {
      return new XapiDeliveryView(
          registrationId,
          xapiRegistration,
          NOT_CONFIGURED,
          null,
          null,
          "the tenant has no enabled LRS",
          0,
          false,
          List.of(),
          null);
    }
    URI endpoint = URI.create(settings.endpoint());
    String password;
    try {
      password = lrs.password(settings);
    } catch (UndecryptableSecretException e) {
      return new XapiDeliveryView(
          registrationId,
          xapiRegistration,
          LRS_REFUSED,
          endpoint.getHost(),
          null,
          "the stored LRS password cannot be decrypted with the current secrets key: set it again"
              + " in the LRS settings",
          0,
          false,
          List.of(),
          delivery.of(tenantId));
    }
    Lookup lookup =
        reader.read(new Source(endpoint, settings.username(), password), xapiRegistration);
    List<StatementView> statements =
        lookup.statements().stream().map(XapiDeliveryController::compact).toList();
    String state =
        switch (lookup.outcome()) {
          case DELIVERED -> DELIVERED;
          case UNREACHABLE -> LRS_UNREACHABLE;
          case REFUSED -> LRS_REFUSED;
        };
    return new XapiDeliveryView(
        registrationId,
        xapiRegistration,
        state,
        endpoint.getHost(),
        lookup.lrsStatus(),
        lookup.reason(),
        statements.size(),
        lookup.truncated(),
        statements,
        delivery.of(tenantId));
  }

  private static StatementView compact(JsonNode statement) {
    JsonNode verb = statement.path("verb");
    return new StatementView(
        text(statement.path("id")),
        text(verb.path("id")),
        display(verb.path("display")),
        text(statement.path("object").path("id")),
        text(statement.path("timestamp")),
        text(statement.path("stored")));
  }

  private static String display(JsonNode languageMap) {
    if (!languageMap.isObject() || languageMap.isEmpty()) {
      return null;
    }
    for (String tag : List.of("en-US", "en")) {
      for (var entry : languageMap.properties()) {
        if (entry.getKey().toLowerCase(Locale.ROOT).equals(tag.toLowerCase(Locale.ROOT))) {
          return text(entry.getValue());
        }
      }
    }
    return text(languageMap.properties().iterator().next().getValue());
  }

  private static String text(JsonNode node) {
    return node.isString() ? node.asString() : null;
  }
}

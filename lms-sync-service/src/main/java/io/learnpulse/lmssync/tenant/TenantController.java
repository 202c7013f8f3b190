package io.learnpulse.lmssync.tenant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code PUT /v1/admin/tenants/{tenantId}}: creates or updates a tenant. */
@RestController
@RequestMapping("/v1/admin/tenants")
class TenantController {

  private final TenantStore tenants;

  TenantController(TenantStore tenants) {
    this.tenants = tenants;
  }

  /**
   * A tenant as the admin API takes it.
   *
   * @param name display name
   * @param playerOrigins origins ({@code https://host[:port]}) the player is served from
   * @param playerUrl the tenant's player URL, or null for the service default
   */
  record TenantBody(
      @NotBlank @Size(max = 200) String name,
      @NotNull List<@NotNull @Pattern(regexp = "https?://[^/?#\\s]+") String> playerOrigins,
      @Pattern(regexp = "https?://\\S+") String playerUrl) {}

  /** A tenant as the admin API shows it (without its secret). */
  record TenantView(String tenantId, String name, List<String> playerOrigins, String playerUrl) {}

  @PutMapping("/{tenantId}")
  ResponseEntity<TenantView> put(
      @PathVariable String tenantId, @Valid @RequestBody TenantBody body) {
    Ids.check(tenantId, "tenantId");
    boolean created =
        tenants.upsert(
            tenantId,
            body.name(),
            body.playerOrigins(),
            body.playerUrl() == null ? null : URI.create(body.playerUrl()));
    return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
        .body(new TenantView(tenantId, body.name(), body.playerOrigins(), body.playerUrl()));
  }

  /** The LMS origins of a tenant's packages, {@code scheme://host[:port]}. */
  record LmsOriginsBody(
      @NotNull @Size(max = 100)
          List<@NotNull @Pattern(regexp = "https?://[^/?#\\s]+") String> origins) {}

  /**
   * {@code PUT /v1/admin/tenants/{tenantId}/lms-origins}: where the tenant's packages may launch
   * from (the {@code Origin} of {@code POST /v1/launch}); empty turns the check off.
   */
  @PutMapping("/{tenantId}/lms-origins")
  LmsOriginsBody putLmsOrigins(
      @PathVariable String tenantId, @Valid @RequestBody LmsOriginsBody body) {
    if (!tenants.setLmsOrigins(tenantId, body.origins())) {
      throw new io.learnpulse.lmssync.error.NotFoundException("unknown tenant " + tenantId);
    }
    return body;
  }
}

package io.learnpulse.lmssync.health;

import io.learnpulse.lmssync.error.NotFoundException;
import io.learnpulse.lmssync.tenant.TenantLrsStore;
import io.learnpulse.lmssync.tenant.TenantLrsStore.LrsSettings;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/admin/tenants/{tenantId}/health}: what the console's Health screen shows besides
 * the commit outcomes ({@code …/commits/outcomes}), ADR 0028:
 *
 * <ul>
 *   <li>{@code lrs}: the tenant's LRS as lms-sync holds it (enabled, endpoint host) and its
 *       delivery state as xapi-emitter reports it — this tenant's row only;
 *   <li>{@code pipeline}: consumer lag per platform consumer group and dead-letter topic sizes —
 *       platform-wide numbers with no key, payload or tenant in them, the same for every tenant.
 * </ul>
 */
@RestController
class HealthAdminController {

  private final TenantLrsStore lrs;
  private final LrsDelivery delivery;
  private final KafkaPipeline pipeline;
  private final Clock clock;

  HealthAdminController(
      TenantLrsStore lrs, LrsDelivery delivery, KafkaPipeline pipeline, Clock clock) {
    this.lrs = lrs;
    this.delivery = delivery;
    this.pipeline = pipeline;
    this.clock = clock;
  }

  /**
   * The tenant's LRS.
   *
   * @param configured settings are stored
   * @param enabled statements are sent
   * @param endpointHost the LRS's host (not the full URL: paths may carry account names)
   */
  record Lrs(
      boolean configured, boolean enabled, String endpointHost, LrsDelivery.State delivery) {}

  /** The tenant's health view. */
  record TenantHealth(String tenantId, Instant asOf, Lrs lrs, PipelineFigures pipeline) {}

  @GetMapping("/v1/admin/tenants/{tenantId}/health")
  TenantHealth health(@PathVariable String tenantId) {
    LrsSettings settings =
        lrs.find(tenantId).orElseThrow(() -> new NotFoundException("unknown tenant " + tenantId));
    boolean configured = settings.endpoint() != null;
    return new TenantHealth(
        tenantId,
        clock.instant(),
        new Lrs(
            configured,
            settings.enabled(),
            configured ? URI.create(settings.endpoint()).getHost() : null,
            settings.enabled() ? delivery.of(tenantId) : null),
        pipeline.figures());
  }
}

package io.learnpulse.lmssync.launch;

import io.learnpulse.lmssync.error.InvalidValueException;
import io.learnpulse.lmssync.error.NotFoundException;
import io.learnpulse.lmssync.launch.IssuedDescriptors.Issued;
import io.learnpulse.lmssync.tenant.TenantStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Launch control per tenant (ADR 0019): {@code GET /v1/admin/tenants/{t}/descriptors} lists the
 * issued descriptors, {@code POST …/descriptors/{id}/revoke} revokes one, {@code POST
 * …/descriptors/rotate} replaces the tenant's signing secret and revokes every descriptor issued so
 * far. Revoked packages answer {@code 410 launch-revoked} at launch.
 */
@RestController
class DescriptorAdminController {

  private final IssuedDescriptors issued;
  private final TenantStore tenants;
  private final Clock clock;

  DescriptorAdminController(IssuedDescriptors issued, TenantStore tenants, Clock clock) {
    this.issued = issued;
    this.tenants = tenants;
    this.clock = clock;
  }

  /** One page of descriptors, newest first. */
  record DescriptorPage(
      String tenantId, int page, int size, long total, List<Issued> descriptors) {}

  /** What a rotation did. */
  record Rotation(String tenantId, Instant rotatedAt, int revoked) {}

  @GetMapping("/v1/admin/tenants/{tenantId}/descriptors")
  @Transactional(readOnly = true)
  DescriptorPage list(
      @PathVariable String tenantId,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size) {
    requireTenant(tenantId);
    if (page < 0) {
      throw new InvalidValueException("page", "must be ≥ 0");
    }
    if (size < 1 || size > 500) {
      throw new InvalidValueException("size", "must be 1..500");
    }
    return new DescriptorPage(
        tenantId, page, size, issued.count(tenantId), issued.list(tenantId, page, size));
  }

  @PostMapping("/v1/admin/tenants/{tenantId}/descriptors/{descriptorId}/revoke")
  @Transactional
  Issued revoke(@PathVariable String tenantId, @PathVariable UUID descriptorId) {
    requireTenant(tenantId);
    return issued.revoke(tenantId, descriptorId, clock.instant());
  }

  @PostMapping("/v1/admin/tenants/{tenantId}/descriptors/rotate")
  @Transactional
  Rotation rotate(@PathVariable String tenantId) {
    requireTenant(tenantId);
    Instant now = clock.instant();
    tenants.rotateDescriptorSecret(tenantId);
    return new Rotation(tenantId, now, issued.revokeAll(tenantId, now));
  }

  private void requireTenant(String tenantId) {
    if (tenants.find(tenantId).isEmpty()) {
      throw new NotFoundException("unknown tenant " + tenantId);
    }
  }
}

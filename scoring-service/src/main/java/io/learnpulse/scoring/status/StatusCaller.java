package io.learnpulse.scoring.status;

import java.util.Set;

/** Who asks for a registration's status, as their verified token says. */
sealed interface StatusCaller {

  /** Role that may read and change a tenant's resources. */
  String ADMIN = "admin";

  /** Role that may read a tenant's resources. */
  String ANALYST = "analyst";

  /** The {@code tenant} claim of a platform operator: every tenant. */
  String ALL_TENANTS = "*";

  /** True when the caller may ask about {@code registrationId} at all (before any lookup). */
  boolean mayAskAbout(String registrationId);

  /** True when the caller may see a status of {@code tenantId}'s. */
  boolean maySee(String tenantId);

  /**
   * An administrator: a token of the admin OpenID Connect issuer with claims {@code tenant} and
   * {@code roles} (read as lms-sync-service's admin API reads them).
   *
   * @param subject {@code sub}
   * @param tenant the tenant administered, {@link #ALL_TENANTS} for a platform operator, or null
   * @param roles {@code roles}
   */
  record TenantAdmin(String subject, String tenant, Set<String> roles) implements StatusCaller {
    /** Copies the roles. */
    public TenantAdmin {
      roles = Set.copyOf(roles);
    }

    @Override
    public boolean mayAskAbout(String registrationId) {
      return tenant != null && (roles.contains(ADMIN) || roles.contains(ANALYST));
    }

    @Override
    public boolean maySee(String tenantId) {
      return ALL_TENANTS.equals(tenant) || (tenant != null && tenant.equals(tenantId));
    }
  }

  /**
   * The registration's own learner: a session or bridge token of lms-sync-service (claims {@code
   * reg} and {@code tid}).
   *
   * @param registrationId {@code reg}
   * @param tenantId {@code tid}
   */
  record RegistrationHolder(String registrationId, String tenantId) implements StatusCaller {
    @Override
    public boolean mayAskAbout(String registrationId) {
      return this.registrationId.equalsIgnoreCase(registrationId);
    }

    @Override
    public boolean maySee(String tenantId) {
      return this.tenantId.equals(tenantId);
    }
  }
}

package io.learnpulse.lmssync.security;

import java.util.Set;

/**
 * A caller of the admin API as its token describes it.
 *
 * @param subject {@code sub} of the token
 * @param tenant the tenant the caller administers, or {@link #ALL_TENANTS} for a platform operator;
 *     null when the token names none (such a caller may do nothing)
 * @param roles the caller's roles: {@link #ADMIN} reads and writes, {@link #ANALYST} reads
 */
public record AdminPrincipal(String subject, String tenant, Set<String> roles) {

  /** Role that may read and change a tenant's resources. */
  public static final String ADMIN = "admin";

  /** Role that may only read a tenant's resources. */
  public static final String ANALYST = "analyst";

  /** The {@code tenant} claim of a platform operator: every tenant. */
  public static final String ALL_TENANTS = "*";

  /** Copies the roles. */
  public AdminPrincipal {
    roles = Set.copyOf(roles);
  }

  /** True when the caller may read {@code tenantId}'s resources (null: platform-wide ones). */
  public boolean mayRead(String tenantId) {
    return covers(tenantId) && (roles.contains(ADMIN) || roles.contains(ANALYST));
  }

  /** True when the caller may change {@code tenantId}'s resources (null: platform-wide ones). */
  public boolean mayWrite(String tenantId) {
    return covers(tenantId) && roles.contains(ADMIN);
  }

  private boolean covers(String tenantId) {
    return ALL_TENANTS.equals(tenant) || (tenantId != null && tenantId.equals(tenant));
  }
}

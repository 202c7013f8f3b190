package io.learnpulse.xapi.tenant;

import java.util.Collection;
import java.util.Optional;

/**
 * The tenants that opted in to xAPI, with their LRS settings: from lms-sync-service, which owns
 * tenants ({@link LmsSyncTenantDirectory}), or from configuration ({@link
 * PropertiesTenantDirectory}).
 */
public interface TenantDirectory {

  /** The settings of an opted-in tenant; empty for tenants without xAPI. */
  Optional<TenantSettings> find(String tenantId);

  /**
   * The settings as the source holds them now, bypassing any cache (the periodic refresh).
   *
   * @throws TenantDirectoryUnavailableException when the source cannot answer now
   */
  default Optional<TenantSettings> refresh(String tenantId) {
    return find(tenantId);
  }

  /** All opted-in tenants. */
  Collection<TenantSettings> all();
}

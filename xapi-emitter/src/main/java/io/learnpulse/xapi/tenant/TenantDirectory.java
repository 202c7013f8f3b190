package io.learnpulse.xapi.tenant;

import java.util.Collection;
import java.util.Optional;

/**
 * The tenants that opted in to xAPI, with their LRS settings. lms-sync-service owns tenants; until
 * it serves them, {@link PropertiesTenantDirectory} reads them from configuration (README: plan).
 */
public interface TenantDirectory {

  /** The settings of an opted-in tenant; empty for tenants without xAPI. */
  Optional<TenantSettings> find(String tenantId);

  /** All opted-in tenants. */
  Collection<TenantSettings> all();
}

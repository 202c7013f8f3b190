package io.learnpulse.xapi.tenant;

import io.learnpulse.xapi.delivery.LrsEndpoint;
import io.learnpulse.xapi.statement.TenantProfile;

/**
 * Everything the emitter needs about one opted-in tenant.
 *
 * @param profile how learners appear in statements
 * @param endpoint where statements go
 */
public record TenantSettings(TenantProfile profile, LrsEndpoint endpoint) {}

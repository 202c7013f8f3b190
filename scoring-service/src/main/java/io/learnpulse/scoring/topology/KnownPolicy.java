package io.learnpulse.scoring.topology;

import io.learnpulse.events.v1.AssignmentPolicy;
import io.learnpulse.scoring.domain.ScoringPolicy;

/**
 * A decoded assignment policy and the tenant that owns it.
 *
 * @param policy the domain policy
 * @param tenantId the tenant of the assignment: registrations of another tenant are not scored
 */
record KnownPolicy(ScoringPolicy policy, String tenantId) {

  /**
   * The known form of {@code policy}.
   *
   * @throws RejectedRecordException when the policy breaks the domain's rules
   */
  static KnownPolicy of(AssignmentPolicy policy) {
    return new KnownPolicy(Policies.toDomain(policy), policy.getTenantId());
  }
}

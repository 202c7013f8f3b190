package io.learnpulse.scoring.topology;

import io.learnpulse.scoring.domain.Learner;
import io.learnpulse.scoring.domain.RegistrationAggregate;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What a registration is scored as: its assignment, its learner and the assignment's policy. The
 * processor publishes statuses only for such a registration and the status query computes them from
 * the same (ADR 38), so both decide it here.
 *
 * @param assignmentId the registration's assignment
 * @param learner the registration's learner
 * @param policy the assignment's current policy, of the learner's tenant
 */
record ScoringSubject(String assignmentId, Learner learner, KnownPolicy policy) {

  /**
   * The subject of {@code aggregate}, or empty when it is not scored: no learner or assignment yet,
   * no policy yet for its assignment (kept, scored when it arrives), or a policy of another tenant
   * than the learner's (passed to {@code otherTenant}).
   *
   * @param policies the known policy of an assignment id
   */
  static Optional<ScoringSubject> of(
      RegistrationAggregate aggregate,
      Function<String, Optional<KnownPolicy>> policies,
      Consumer<ScoringSubject> otherTenant) {
    Optional<String> assignmentId = aggregate.assignmentId();
    Optional<Learner> learner = aggregate.learner();
    if (assignmentId.isEmpty() || learner.isEmpty()) {
      return Optional.empty();
    }
    Optional<KnownPolicy> known = policies.apply(assignmentId.get());
    if (known.isEmpty()) {
      return Optional.empty();
    }
    ScoringSubject subject = new ScoringSubject(assignmentId.get(), learner.get(), known.get());
    if (!known.get().tenantId().equals(learner.get().tenantId())) {
      otherTenant.accept(subject);
      return Optional.empty();
    }
    return Optional.of(subject);
  }
}

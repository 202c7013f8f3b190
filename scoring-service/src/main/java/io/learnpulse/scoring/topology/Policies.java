package io.learnpulse.scoring.topology;

import io.learnpulse.events.v1.AssignmentPolicy;
import io.learnpulse.events.v1.TopicDefinition;
import io.learnpulse.scoring.domain.CompletionMode;
import io.learnpulse.scoring.domain.ScoringPolicy;
import io.learnpulse.scoring.domain.ScoringPolicy.TopicPlan;

/** Maps the {@link AssignmentPolicy} contract to the domain's {@link ScoringPolicy}. */
final class Policies {

  private Policies() {}

  /**
   * The domain policy of {@code policy}.
   *
   * @throws RejectedRecordException when the policy breaks the domain's rules (no topic, numbers
   *     outside 0..100, a challenge listed twice ...)
   */
  static ScoringPolicy toDomain(AssignmentPolicy policy) {
    try {
      return ScoringPolicy.builder(policy.getAssignmentId())
          .version(policy.getVersion())
          .topics(
              policy.getTopics().stream()
                  .map((TopicDefinition t) -> new TopicPlan(t.getTopicId(), t.getChallengeIds()))
                  .toList())
          .mode(CompletionMode.valueOf(policy.getCompletionMode().name()))
          .passingScore(policy.getPassingScore())
          .strictChallengeFloor(policy.getStrictChallengeFloor())
          .hintPenalty(policy.getHintPenalty())
          .incorrectAttemptPenalty(policy.getIncorrectAttemptPenalty())
          .minimumChallengeScore(policy.getMinimumChallengeScore())
          .scorm12FailedWhenNotPassed(policy.getScorm12FailedWhenNotPassed())
          .build();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new RejectedRecordException(
          "invalid policy for assignment " + policy.getAssignmentId() + ": " + e.getMessage(), e);
    }
  }
}

package io.learnpulse.schemas.samples;

import io.learnpulse.events.v1.ChallengeResult;
import io.learnpulse.events.v1.CompletionStatus;
import io.learnpulse.events.v1.LessonStatus;
import io.learnpulse.events.v1.SuccessStatus;
import io.learnpulse.events.v1.TopicStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * docs/design.md#worked-examples as contract records, for tests of all modules (in the {@code
 * schemas} test-jar): STANDARD policy, passing 70; challenge a resolved after one hint and one
 * incorrect answer (75), b correct at first try (100); raw 87.5, scaled 0.875, completed and
 * passed.
 */
public final class WorkedExample {

  private WorkedExample() {}

  /**
   * The finished topic status, as a builder so a test can set its own tenant, learner,
   * registration, assignment, topic, policy version or time.
   */
  public static TopicStatus.Builder topicStatus() {
    return TopicStatus.newBuilder()
        .setTenantId("acme")
        .setLearnerId("learner-42")
        .setRegistrationId(UUID.randomUUID())
        .setAssignmentId("secure-coding-101")
        .setTopicId("injection")
        .setPolicyVersion(1)
        .setFinished(true)
        .setPassed(true)
        .setCompletionStatus(CompletionStatus.COMPLETED)
        .setSuccessStatus(SuccessStatus.PASSED)
        .setLessonStatus(LessonStatus.PASSED)
        .setRawScore(87.5)
        .setScaledScore(0.875)
        .setChallenges(
            List.of(
                ChallengeResult.newBuilder()
                    .setChallengeId("a")
                    .setOpened(true)
                    .setHints(1)
                    .setIncorrectAttempts(1)
                    .setResolved(true)
                    .setReviewed(true)
                    .setScore(75)
                    .build(),
                ChallengeResult.newBuilder()
                    .setChallengeId("b")
                    .setOpened(true)
                    .setResolved(true)
                    .setReviewed(true)
                    .setCorrectOnFirstTry(true)
                    .setScore(100)
                    .build()))
        .setUpdatedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS));
  }
}

package io.learnpulse.scoring.status;

import io.learnpulse.events.v1.ChallengeResult;
import io.learnpulse.events.v1.TopicStatus;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A topic status as JSON.
 *
 * @param registrationId registration
 * @param topicId topic
 * @param assignmentId assignment
 * @param tenantId tenant
 * @param learnerId learner
 * @param policyVersion policy version that produced it
 * @param finished finished under the policy
 * @param passed finished and passed
 * @param completionStatus SCORM 2004 completion status
 * @param successStatus SCORM 2004 success status
 * @param lessonStatus SCORM 1.2 lesson status
 * @param rawScore raw score, null until a challenge is resolved
 * @param scaledScore scaled score, null until a challenge is resolved
 * @param challenges per-challenge breakdown
 * @param updatedAt occurred-at time of the latest event behind it
 */
public record TopicStatusView(
    UUID registrationId,
    String topicId,
    String assignmentId,
    String tenantId,
    String learnerId,
    int policyVersion,
    boolean finished,
    boolean passed,
    String completionStatus,
    String successStatus,
    String lessonStatus,
    Double rawScore,
    Double scaledScore,
    List<Challenge> challenges,
    Instant updatedAt) {

  /**
   * One challenge of the breakdown.
   *
   * @param challengeId challenge
   * @param opened opened
   * @param hints distinct hints before resolution
   * @param incorrectAttempts incorrect answers before resolution
   * @param resolved resolved
   * @param reviewed reviewed
   * @param correctOnFirstTry resolved with no hint and no incorrect attempt
   * @param score normalized score, null until resolved
   */
  public record Challenge(
      String challengeId,
      boolean opened,
      int hints,
      int incorrectAttempts,
      boolean resolved,
      boolean reviewed,
      boolean correctOnFirstTry,
      Integer score) {}

  /** The view of {@code status}. */
  public static TopicStatusView of(TopicStatus status) {
    return new TopicStatusView(
        status.getRegistrationId(),
        status.getTopicId(),
        status.getAssignmentId(),
        status.getTenantId(),
        status.getLearnerId(),
        status.getPolicyVersion(),
        status.getFinished(),
        status.getPassed(),
        status.getCompletionStatus().name().toLowerCase(Locale.ROOT),
        status.getSuccessStatus().name().toLowerCase(Locale.ROOT),
        status.getLessonStatus().name().toLowerCase(Locale.ROOT),
        status.getRawScore(),
        status.getScaledScore(),
        status.getChallenges().stream().map(TopicStatusView::challenge).toList(),
        status.getUpdatedAt());
  }

  private static Challenge challenge(ChallengeResult c) {
    return new Challenge(
        c.getChallengeId(),
        c.getOpened(),
        c.getHints(),
        c.getIncorrectAttempts(),
        c.getResolved(),
        c.getReviewed(),
        c.getCorrectOnFirstTry(),
        c.getScore());
  }
}

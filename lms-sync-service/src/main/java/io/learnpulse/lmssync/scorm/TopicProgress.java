package io.learnpulse.lmssync.scorm;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * What scoring-service decided about a registration's topic, reduced to what the SCORM summary
 * needs. The three statuses are taken as scoring published them (it applies the assignment's
 * completion policy, including the SCORM 1.2 {@code failed}-when-not-passed option).
 *
 * @param policyVersion assignment policy version that produced the status; 0 before any status
 * @param completion SCORM 2004 completion status
 * @param success SCORM 2004 success status
 * @param lesson SCORM 1.2 lesson status
 * @param rawScore 0..100 with at most two decimals, or null while no challenge is resolved
 */
public record TopicProgress(
    int policyVersion, Completion completion, Success success, Lesson lesson, BigDecimal rawScore) {

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  /** {@code cmi.completion_status} values LearnPulse writes. */
  public enum Completion {
    INCOMPLETE,
    COMPLETED
  }

  /** {@code cmi.success_status} values LearnPulse writes. */
  public enum Success {
    UNKNOWN,
    PASSED,
    FAILED
  }

  /** {@code cmi.core.lesson_status} values LearnPulse writes. */
  public enum Lesson {
    INCOMPLETE,
    COMPLETED,
    PASSED,
    FAILED
  }

  /** The progress of a registration nobody has scored yet. */
  public static final TopicProgress NOT_STARTED =
      new TopicProgress(0, Completion.INCOMPLETE, Success.UNKNOWN, Lesson.INCOMPLETE, null);

  /** Validates the values and normalizes the score to two decimals (half-up). */
  public TopicProgress {
    if (policyVersion < 0) {
      throw new IllegalArgumentException("policyVersion must not be negative: " + policyVersion);
    }
    Objects.requireNonNull(completion, "completion");
    Objects.requireNonNull(success, "success");
    Objects.requireNonNull(lesson, "lesson");
    if (rawScore != null) {
      rawScore = rawScore.setScale(2, RoundingMode.HALF_UP);
      if (rawScore.signum() < 0 || rawScore.compareTo(HUNDRED) > 0) {
        throw new IllegalArgumentException("rawScore must be within 0..100: " + rawScore);
      }
    }
  }

  /** Progress from a score given as a double, as Avro carries it. */
  public static TopicProgress of(
      int policyVersion, Completion completion, Success success, Lesson lesson, Double rawScore) {
    return new TopicProgress(
        policyVersion,
        completion,
        success,
        lesson,
        rawScore == null ? null : BigDecimal.valueOf(rawScore));
  }

  /** {@code rawScore / 100}, or null without a score. */
  public BigDecimal scaledScore() {
    return rawScore == null ? null : rawScore.divide(HUNDRED, 4, RoundingMode.HALF_UP);
  }

  /** True once scoring judged the topic finished. */
  public boolean finished() {
    return completion == Completion.COMPLETED;
  }
}

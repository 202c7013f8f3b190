package io.learnpulse.scoring.domain;

import io.learnpulse.scoring.domain.ScormStatus.Completion;
import io.learnpulse.scoring.domain.ScormStatus.LessonStatus;
import io.learnpulse.scoring.domain.ScormStatus.Success;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Status of one topic of a registration under one policy version.
 *
 * @param topicId topic
 * @param policyVersion policy version that produced the status
 * @param finished finished under the policy's completion mode
 * @param passed finished and passed
 * @param completion SCORM 2004 completion status
 * @param success SCORM 2004 success status
 * @param lessonStatus SCORM 1.2 lesson status
 * @param rawScore mean of the resolved challenges' scores, half-up to two decimals; empty until one
 *     challenge is resolved
 * @param scaledScore {@code rawScore / 100}
 * @param challenges per-challenge breakdown in the policy's order
 * @param updatedAt occurred-at time of the latest event of the topic that was considered
 */
public record TopicResult(
    String topicId,
    int policyVersion,
    boolean finished,
    boolean passed,
    Completion completion,
    Success success,
    LessonStatus lessonStatus,
    Optional<BigDecimal> rawScore,
    Optional<BigDecimal> scaledScore,
    List<ChallengeResult> challenges,
    Instant updatedAt) {

  /** Checks and freezes. */
  public TopicResult {
    Objects.requireNonNull(topicId, "topicId");
    Objects.requireNonNull(completion, "completion");
    Objects.requireNonNull(success, "success");
    Objects.requireNonNull(lessonStatus, "lessonStatus");
    Objects.requireNonNull(rawScore, "rawScore");
    Objects.requireNonNull(scaledScore, "scaledScore");
    Objects.requireNonNull(updatedAt, "updatedAt");
    challenges = List.copyOf(challenges);
  }
}

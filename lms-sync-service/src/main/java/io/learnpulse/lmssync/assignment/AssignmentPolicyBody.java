package io.learnpulse.lmssync.assignment;

import io.learnpulse.lmssync.tenant.Ids;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * An assignment's completion and scoring policy as the admin API takes it: a web body, mapped to
 * the domain {@link CompletionPolicy} by {@link #toPolicy()}. Absent numbers and flags take the
 * defaults of the scoring contract.
 *
 * @param topics topics of the assignment with their challenge ids, in delivery order
 * @param completionMode STANDARD (default), RELAXED or STRICT
 * @param passingScore 0..100 (default 70)
 * @param strictChallengeFloor STRICT only, 0..100 (default 85)
 * @param hintPenalty points off per distinct hint (default 10)
 * @param incorrectAttemptPenalty points off per incorrect answer (default 15)
 * @param minimumChallengeScore lowest score of a resolved challenge, 0..100 (default 20)
 * @param scorm12FailedWhenNotPassed SCORM 1.2 writes {@code failed} instead of {@code completed}
 *     when finished but not passed (default false)
 */
record AssignmentPolicyBody(
    @NotEmpty List<@NotNull @Valid TopicBody> topics,
    @Pattern(regexp = "STANDARD|RELAXED|STRICT") String completionMode,
    @Min(0) @Max(100) Integer passingScore,
    @Min(0) @Max(100) Integer strictChallengeFloor,
    @Min(0) @Max(100) Integer hintPenalty,
    @Min(0) @Max(100) Integer incorrectAttemptPenalty,
    @Min(0) @Max(100) Integer minimumChallengeScore,
    Boolean scorm12FailedWhenNotPassed) {

  /**
   * A topic of the assignment.
   *
   * @param topicId topic id
   * @param challengeIds its challenge ids, distinct, in delivery order
   */
  record TopicBody(
      @NotBlank @Pattern(regexp = Ids.PATTERN) String topicId,
      @NotEmpty List<@NotBlank @Pattern(regexp = Ids.PATTERN) String> challengeIds) {}

  /** The domain policy, every default filled in; its own rules are checked there. */
  CompletionPolicy toPolicy() {
    return new CompletionPolicy(
        topics.stream()
            .map(t -> new CompletionPolicy.Topic(t.topicId(), t.challengeIds()))
            .toList(),
        completionMode == null ? CompletionMode.STANDARD : CompletionMode.valueOf(completionMode),
        orDefault(passingScore, CompletionPolicy.DEFAULT_PASSING_SCORE),
        orDefault(strictChallengeFloor, CompletionPolicy.DEFAULT_STRICT_CHALLENGE_FLOOR),
        orDefault(hintPenalty, CompletionPolicy.DEFAULT_HINT_PENALTY),
        orDefault(incorrectAttemptPenalty, CompletionPolicy.DEFAULT_INCORRECT_ATTEMPT_PENALTY),
        orDefault(minimumChallengeScore, CompletionPolicy.DEFAULT_MINIMUM_CHALLENGE_SCORE),
        scorm12FailedWhenNotPassed != null && scorm12FailedWhenNotPassed);
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}

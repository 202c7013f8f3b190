package io.learnpulse.lmssync.admin;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * An assignment's completion and scoring policy as the admin API takes it and as it is stored.
 * Absent numbers and flags take the defaults of docs/design.md#scoring-contract.
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
public record AssignmentPolicyBody(
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
  public record TopicBody(
      @NotBlank @Pattern(regexp = TenantController.ID) String topicId,
      @NotEmpty List<@NotBlank @Pattern(regexp = TenantController.ID) String> challengeIds) {}

  /** The same policy with every default filled in, so equal policies compare equal. */
  public AssignmentPolicyBody withDefaults() {
    return new AssignmentPolicyBody(
        List.copyOf(topics),
        completionMode == null ? "STANDARD" : completionMode,
        passingScore == null ? 70 : passingScore,
        strictChallengeFloor == null ? 85 : strictChallengeFloor,
        hintPenalty == null ? 10 : hintPenalty,
        incorrectAttemptPenalty == null ? 15 : incorrectAttemptPenalty,
        minimumChallengeScore == null ? 20 : minimumChallengeScore,
        scorm12FailedWhenNotPassed != null && scorm12FailedWhenNotPassed);
  }

  /** True when {@code topicId} is one of the assignment's topics. */
  public boolean hasTopic(String topicId) {
    return topics.stream().anyMatch(topic -> topic.topicId().equals(topicId));
  }
}

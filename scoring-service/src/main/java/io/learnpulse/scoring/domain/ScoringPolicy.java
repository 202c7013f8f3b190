package io.learnpulse.scoring.domain;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One version of an assignment's scoring and completion rules. Every number is per assignment; the
 * {@link #builder defaults} are docs/design.md's.
 *
 * @param assignmentId assignment the policy belongs to
 * @param version policy version, from 1; a higher version replaces a lower one
 * @param topics topics of the assignment with their challenges, in delivery order
 * @param mode how a topic is judged finished and passed
 * @param passingScore score a topic (or, in STANDARD, every challenge) must reach, 0..100
 * @param strictChallengeFloor STRICT: score every challenge must reach, 0..100
 * @param hintPenalty points off per distinct hint revealed before resolution
 * @param incorrectAttemptPenalty points off per answer judged incorrect before resolution
 * @param minimumChallengeScore lowest score of a resolved challenge, 0..100
 * @param scorm12FailedWhenNotPassed SCORM 1.2: {@code failed} instead of {@code completed} when a
 *     topic is finished and not passed
 */
public record ScoringPolicy(
    String assignmentId,
    int version,
    List<TopicPlan> topics,
    CompletionMode mode,
    int passingScore,
    int strictChallengeFloor,
    int hintPenalty,
    int incorrectAttemptPenalty,
    int minimumChallengeScore,
    boolean scorm12FailedWhenNotPassed) {

  /** Default passing score. */
  public static final int DEFAULT_PASSING_SCORE = 70;

  /** Default STRICT challenge floor. */
  public static final int DEFAULT_STRICT_CHALLENGE_FLOOR = 85;

  /** Default points per hint. */
  public static final int DEFAULT_HINT_PENALTY = 10;

  /** Default points per incorrect attempt. */
  public static final int DEFAULT_INCORRECT_ATTEMPT_PENALTY = 15;

  /** Default lowest score of a resolved challenge. */
  public static final int DEFAULT_MINIMUM_CHALLENGE_SCORE = 20;

  /** One topic and its challenge ids, in delivery order. */
  public record TopicPlan(String topicId, List<String> challengeIds) {
    /** Validates and freezes the plan. */
    public TopicPlan {
      Objects.requireNonNull(topicId, "topicId");
      challengeIds = List.copyOf(challengeIds);
      if (challengeIds.isEmpty()) {
        throw new IllegalArgumentException("topic " + topicId + " has no challenge");
      }
      if (new HashSet<>(challengeIds).size() != challengeIds.size()) {
        throw new IllegalArgumentException("topic " + topicId + " lists a challenge twice");
      }
    }
  }

  /** Validates and freezes the policy. */
  public ScoringPolicy {
    Objects.requireNonNull(assignmentId, "assignmentId");
    Objects.requireNonNull(mode, "mode");
    topics = List.copyOf(topics);
    if (version < 1) {
      throw new IllegalArgumentException("policy version must be at least 1, was " + version);
    }
    if (topics.isEmpty()) {
      throw new IllegalArgumentException("assignment " + assignmentId + " has no topic");
    }
    Set<String> topicIds = new HashSet<>();
    for (TopicPlan topic : topics) {
      if (!topicIds.add(topic.topicId())) {
        throw new IllegalArgumentException("topic " + topic.topicId() + " is listed twice");
      }
    }
    percent("passingScore", passingScore);
    percent("strictChallengeFloor", strictChallengeFloor);
    percent("hintPenalty", hintPenalty);
    percent("incorrectAttemptPenalty", incorrectAttemptPenalty);
    percent("minimumChallengeScore", minimumChallengeScore);
  }

  /** A builder with the design's defaults (STANDARD, 70, 85, 10, 15, 20, 1.2 {@code completed}). */
  public static Builder builder(String assignmentId) {
    return new Builder(assignmentId);
  }

  /** The topic plan of {@code topicId}, if the assignment has that topic. */
  public Optional<TopicPlan> topic(String topicId) {
    return topics.stream().filter(t -> t.topicId().equals(topicId)).findFirst();
  }

  /**
   * Normalized score of a resolved challenge: {@code max(minimum, 100 − hintPenalty × hints −
   * incorrectAttemptPenalty × incorrectAttempts)}, never above 100.
   */
  public int challengeScore(int hints, int incorrectAttempts) {
    long penalised =
        100L - (long) hintPenalty * hints - (long) incorrectAttemptPenalty * incorrectAttempts;
    return (int) Math.min(100, Math.max(minimumChallengeScore, penalised));
  }

  /** This policy as a builder, to derive another version. */
  public Builder toBuilder() {
    Builder builder = new Builder(assignmentId);
    builder.version = version;
    builder.topics = topics;
    builder.mode = mode;
    builder.passingScore = passingScore;
    builder.strictChallengeFloor = strictChallengeFloor;
    builder.hintPenalty = hintPenalty;
    builder.incorrectAttemptPenalty = incorrectAttemptPenalty;
    builder.minimumChallengeScore = minimumChallengeScore;
    builder.scorm12FailedWhenNotPassed = scorm12FailedWhenNotPassed;
    return builder;
  }

  private static void percent(String name, int value) {
    if (value < 0 || value > 100) {
      throw new IllegalArgumentException(name + " must be within 0..100, was " + value);
    }
  }

  /** Builds a {@link ScoringPolicy}. */
  public static final class Builder {
    private final String assignmentId;
    private int version = 1;
    private List<TopicPlan> topics = List.of();
    private CompletionMode mode = CompletionMode.STANDARD;
    private int passingScore = DEFAULT_PASSING_SCORE;
    private int strictChallengeFloor = DEFAULT_STRICT_CHALLENGE_FLOOR;
    private int hintPenalty = DEFAULT_HINT_PENALTY;
    private int incorrectAttemptPenalty = DEFAULT_INCORRECT_ATTEMPT_PENALTY;
    private int minimumChallengeScore = DEFAULT_MINIMUM_CHALLENGE_SCORE;
    private boolean scorm12FailedWhenNotPassed;

    private Builder(String assignmentId) {
      this.assignmentId = assignmentId;
    }

    /** Sets the version. */
    public Builder version(int value) {
      this.version = value;
      return this;
    }

    /** Sets the topics. */
    public Builder topics(List<TopicPlan> value) {
      this.topics = value;
      return this;
    }

    /** Adds one topic. */
    public Builder topic(String topicId, String... challengeIds) {
      this.topics =
          Stream.concat(topics.stream(), Stream.of(new TopicPlan(topicId, List.of(challengeIds))))
              .toList();
      return this;
    }

    /** Sets the completion mode. */
    public Builder mode(CompletionMode value) {
      this.mode = value;
      return this;
    }

    /** Sets the passing score. */
    public Builder passingScore(int value) {
      this.passingScore = value;
      return this;
    }

    /** Sets the STRICT challenge floor. */
    public Builder strictChallengeFloor(int value) {
      this.strictChallengeFloor = value;
      return this;
    }

    /** Sets the hint penalty. */
    public Builder hintPenalty(int value) {
      this.hintPenalty = value;
      return this;
    }

    /** Sets the incorrect-attempt penalty. */
    public Builder incorrectAttemptPenalty(int value) {
      this.incorrectAttemptPenalty = value;
      return this;
    }

    /** Sets the lowest score of a resolved challenge. */
    public Builder minimumChallengeScore(int value) {
      this.minimumChallengeScore = value;
      return this;
    }

    /** Sets the SCORM 1.2 {@code failed} option. */
    public Builder scorm12FailedWhenNotPassed(boolean value) {
      this.scorm12FailedWhenNotPassed = value;
      return this;
    }

    /** The validated policy. */
    public ScoringPolicy build() {
      return new ScoringPolicy(
          assignmentId,
          version,
          topics,
          mode,
          passingScore,
          strictChallengeFloor,
          hintPenalty,
          incorrectAttemptPenalty,
          minimumChallengeScore,
          scorm12FailedWhenNotPassed);
    }
  }
}

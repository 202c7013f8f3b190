package io.learnpulse.lmssync.assignment;

import io.learnpulse.lmssync.error.InvalidValueException;
import io.learnpulse.lmssync.tenant.Ids;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An assignment's completion and scoring policy, every value set: what lms-sync stores, publishes
 * as {@code AssignmentPolicy}, and what launch and packaging read. Constructing one checks its
 * rules, so an invalid policy cannot exist; each refusal names the field as the admin API spells
 * it.
 *
 * @param topics topics of the assignment with their challenge ids, in delivery order; at least one,
 *     distinct topic ids, distinct challenge ids within a topic
 * @param completionMode how completion is judged
 * @param passingScore 0..100
 * @param strictChallengeFloor 0..100, used by {@link CompletionMode#STRICT}
 * @param hintPenalty points off per distinct hint, 0..100
 * @param incorrectAttemptPenalty points off per incorrect answer, 0..100
 * @param minimumChallengeScore lowest score of a resolved challenge, 0..100
 * @param scorm12FailedWhenNotPassed SCORM 1.2 writes {@code failed} instead of {@code completed}
 *     when finished but not passed
 */
public record CompletionPolicy(
    List<Topic> topics,
    CompletionMode completionMode,
    int passingScore,
    int strictChallengeFloor,
    int hintPenalty,
    int incorrectAttemptPenalty,
    int minimumChallengeScore,
    boolean scorm12FailedWhenNotPassed) {

  /** Default passing score of the scoring contract. */
  public static final int DEFAULT_PASSING_SCORE = 70;

  /** Default per-challenge floor of STRICT. */
  public static final int DEFAULT_STRICT_CHALLENGE_FLOOR = 85;

  /** Default points off per distinct hint. */
  public static final int DEFAULT_HINT_PENALTY = 10;

  /** Default points off per incorrect answer. */
  public static final int DEFAULT_INCORRECT_ATTEMPT_PENALTY = 15;

  /** Default lowest score of a resolved challenge. */
  public static final int DEFAULT_MINIMUM_CHALLENGE_SCORE = 20;

  /**
   * A topic of the assignment.
   *
   * @param topicId topic id
   * @param challengeIds its challenge ids, distinct, in delivery order
   */
  public record Topic(String topicId, List<String> challengeIds) {

    /** Copies the challenge ids; the rules are checked by the enclosing policy. */
    public Topic {
      challengeIds = challengeIds == null ? null : List.copyOf(challengeIds);
    }
  }

  /** Checks the rules in the class comment. */
  public CompletionPolicy {
    if (topics == null || topics.isEmpty()) {
      throw new InvalidValueException("topics", "must name at least one topic");
    }
    if (completionMode == null) {
      throw new InvalidValueException("completionMode", "is required");
    }
    percent("passingScore", passingScore);
    percent("strictChallengeFloor", strictChallengeFloor);
    percent("hintPenalty", hintPenalty);
    percent("incorrectAttemptPenalty", incorrectAttemptPenalty);
    percent("minimumChallengeScore", minimumChallengeScore);
    Set<String> topicIds = new HashSet<>();
    for (int i = 0; i < topics.size(); i++) {
      Topic topic = topics.get(i);
      String field = "topics[" + i + "]";
      if (topic == null) {
        throw new InvalidValueException(field, "must not be null");
      }
      Ids.check(topic.topicId(), field + ".topicId");
      if (!topicIds.add(topic.topicId())) {
        throw new InvalidValueException(
            field + ".topicId", "repeats topic " + topic.topicId() + " (topic ids are distinct)");
      }
      List<String> challenges = topic.challengeIds();
      if (challenges == null || challenges.isEmpty()) {
        throw new InvalidValueException(
            field + ".challengeIds", "must name at least one challenge");
      }
      Set<String> challengeIds = new HashSet<>();
      for (int j = 0; j < challenges.size(); j++) {
        String challengeField = field + ".challengeIds[" + j + "]";
        Ids.check(challenges.get(j), challengeField);
        if (!challengeIds.add(challenges.get(j))) {
          throw new InvalidValueException(
              challengeField, "repeats challenge " + challenges.get(j) + " of the topic");
        }
      }
    }
    topics = List.copyOf(topics);
  }

  /** True when {@code topicId} is one of the assignment's topics. */
  public boolean hasTopic(String topicId) {
    return topics.stream().anyMatch(topic -> topic.topicId().equals(topicId));
  }

  private static void percent(String field, int value) {
    if (value < 0 || value > 100) {
      throw new InvalidValueException(field, "must be within 0..100");
    }
  }
}

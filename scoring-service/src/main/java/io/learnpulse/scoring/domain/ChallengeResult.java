package io.learnpulse.scoring.domain;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Outcome of one challenge of a topic.
 *
 * @param challengeId challenge id
 * @param opened the learner opened it
 * @param hints distinct hint indexes revealed before resolution
 * @param incorrectAttempts answers judged incorrect (at submission or on review) before resolution
 * @param resolved a first answer was judged correct
 * @param reviewed opened, and an answer submitted (pending ones count) or its last step reached
 * @param correctOnFirstTry resolved with no hint and no incorrect attempt
 * @param score normalized score 0..100, present once resolved
 */
public record ChallengeResult(
    String challengeId,
    boolean opened,
    int hints,
    int incorrectAttempts,
    boolean resolved,
    boolean reviewed,
    boolean correctOnFirstTry,
    OptionalInt score) {

  /** Checks required parts. */
  public ChallengeResult {
    Objects.requireNonNull(challengeId, "challengeId");
    Objects.requireNonNull(score, "score");
  }
}

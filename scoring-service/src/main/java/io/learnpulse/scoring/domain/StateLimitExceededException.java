package io.learnpulse.scoring.domain;

/** An event refused because keeping it would break one of the {@link StateLimits}. */
public final class StateLimitExceededException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Which cap an event would break. */
  public enum Limit {
    /** {@link StateLimits#maxChallenges()}. */
    CHALLENGES,
    /** {@link StateLimits#maxAnswersPerChallenge()}. */
    ANSWERS_PER_CHALLENGE,
    /** {@link StateLimits#maxHintsPerChallenge()}. */
    HINTS_PER_CHALLENGE,
    /** {@link StateLimits#maxStateBytes()}. */
    STATE_BYTES
  }

  private final Limit limit;

  /** A refusal because of {@code limit}, explained by {@code message}. */
  public StateLimitExceededException(Limit limit, String message) {
    super(message);
    this.limit = limit;
  }

  /** The cap the event would break. */
  public Limit limit() {
    return limit;
  }
}

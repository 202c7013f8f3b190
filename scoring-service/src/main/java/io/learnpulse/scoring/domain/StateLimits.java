package io.learnpulse.scoring.domain;

/**
 * Hard caps on what scoring keeps per registration, so that no learner's traffic can make the
 * state, or the cost of one event, grow without bound. An event that would break one is refused
 * ({@link StateLimitExceededException}) and nothing is kept of it.
 *
 * <p>Answers and reviews are the only facts kept one by one (their order decides resolution, hints
 * and incorrect attempts). A challenge's score is floored at the policy minimum ({@code max(20, 100
 * − 10h − 15i)} by default), so far fewer answers than {@link #maxAnswersPerChallenge} already
 * reach the floor: beyond it the learner's traffic is abuse, not learning.
 *
 * @param maxChallenges distinct (assignment, topic, challenge) a registration may name
 * @param maxAnswersPerChallenge answers plus reviews kept per challenge
 * @param maxHintsPerChallenge distinct hint indexes kept per challenge
 * @param maxStateBytes largest encoded state of one registration (the topology's check; it must
 *     stay below the changelog's record size limit)
 */
public record StateLimits(
    int maxChallenges, int maxAnswersPerChallenge, int maxHintsPerChallenge, int maxStateBytes) {

  /** The defaults: 256 challenges, 64 answers and 64 hints per challenge, 512 KiB of state. */
  public static final StateLimits DEFAULTS = new StateLimits(256, 64, 64, 512 * 1024);

  /** Checks that every cap is positive. */
  public StateLimits {
    positive("maxChallenges", maxChallenges);
    positive("maxAnswersPerChallenge", maxAnswersPerChallenge);
    positive("maxHintsPerChallenge", maxHintsPerChallenge);
    positive("maxStateBytes", maxStateBytes);
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, was " + value);
    }
  }
}

package io.learnpulse.scoring.topology;

/**
 * A record reaching the scoring processor: an activity value as read, or a validated assignment
 * policy broadcast to every activity partition.
 *
 * @param kind where the record came from
 * @param value the record's bytes (Confluent wire format)
 */
record ScoringInput(Kind kind, byte[] value) {

  /** Where the record came from. */
  enum Kind {
    ACTIVITY,
    POLICY
  }

  static ScoringInput activity(byte[] value) {
    return new ScoringInput(Kind.ACTIVITY, value);
  }

  static ScoringInput policy(byte[] value) {
    return new ScoringInput(Kind.POLICY, value);
  }
}

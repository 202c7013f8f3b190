package io.learnpulse.schemas.wire;

import java.util.Optional;

/**
 * The value ranges every event on the LearnPulse topics respects. ingest-service refuses a request
 * that breaks one (4xx naming the field); every consumer checks the same limits again and
 * dead-letters a record that breaks one at once, without retries, so a poison value can never hold
 * up other learners or tenants.
 */
public final class EventLimits {

  /** Heartbeat interval the player is expected to keep. */
  public static final long HEARTBEAT_INTERVAL_MILLIS = 30_000;

  /**
   * Most active time one heartbeat (or the end-of-session signal) may report: three intervals, the
   * point at which a session without heartbeats counts as inactive.
   */
  public static final long MAX_ACTIVE_MILLIS_PER_HEARTBEAT = 3 * HEARTBEAT_INTERVAL_MILLIS;

  /**
   * Longest identifier (tenant, learner, assignment, topic, challenge, answer, …) in characters.
   */
  public static final int MAX_ID_LENGTH = 255;

  /** Highest step number or hint index inside one challenge. */
  public static final int MAX_INDEX = 1_000;

  /** Highest per-session sequence number. */
  public static final long MAX_SEQUENCE = 1_000_000_000L;

  private EventLimits() {}

  /**
   * Why {@code id} is not an acceptable identifier, or empty when it is: 1 to {@value
   * #MAX_ID_LENGTH} characters, no control characters (C0, DEL, C1), no unpaired surrogates, no
   * leading or trailing white space.
   */
  public static Optional<String> idProblem(String id) {
    if (id == null || id.isEmpty()) {
      return Optional.of("must not be empty");
    }
    if (id.length() > MAX_ID_LENGTH) {
      return Optional.of("must be at most " + MAX_ID_LENGTH + " characters");
    }
    if (Character.isWhitespace(id.charAt(0))
        || Character.isWhitespace(id.charAt(id.length() - 1))) {
      return Optional.of("must not start or end with white space");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (Character.isISOControl(c)) {
        return Optional.of("must not contain control characters");
      }
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= id.length() || !Character.isLowSurrogate(id.charAt(i + 1))) {
          return Optional.of("must be well-formed Unicode");
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return Optional.of("must be well-formed Unicode");
      }
    }
    return Optional.empty();
  }

  /** True when {@code activeMillis} is within 0 … {@link #MAX_ACTIVE_MILLIS_PER_HEARTBEAT}. */
  public static boolean activeMillisInRange(long activeMillis) {
    return activeMillis >= 0 && activeMillis <= MAX_ACTIVE_MILLIS_PER_HEARTBEAT;
  }

  /** True when a step number or hint index is within 0 … {@link #MAX_INDEX}. */
  public static boolean indexInRange(long index) {
    return index >= 0 && index <= MAX_INDEX;
  }

  /** True when a session sequence number is within 0 … {@link #MAX_SEQUENCE}. */
  public static boolean sequenceInRange(long sequence) {
    return sequence >= 0 && sequence <= MAX_SEQUENCE;
  }
}

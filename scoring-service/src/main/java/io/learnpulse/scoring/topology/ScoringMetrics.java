package io.learnpulse.scoring.topology;

import io.learnpulse.scoring.domain.RejectedEvent;
import io.learnpulse.scoring.domain.StateLimitExceededException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The scoring topology's own meters. Counters count processing attempts: after a failure, records
 * reprocessed from the last commit are counted again (Kafka Streams' exactly-once covers state and
 * output, not meters).
 *
 * <ul>
 *   <li>{@value #REJECTED}, tag {@code reason}: challenge events reported and ignored under the
 *       contract (unknown challenge, unknown topic, another assignment, review without a pending
 *       answer).
 *   <li>{@value #DEAD_LETTERED}, tags {@code topic} (the source topic) and {@code cause} ({@code
 *       unreadable}, {@code invalid}, {@code processing-failure}): records sent to a dead-letter
 *       topic.
 *   <li>{@value #STATE_LIMIT_EXCEEDED}, tag {@code limit} ({@code challenges}, {@code
 *       answers-per-challenge}, {@code hints-per-challenge}, {@code state-bytes}): activity records
 *       refused because keeping them would break a per-registration cap (they are dead-lettered
 *       too, cause {@code invalid}).
 *   <li>{@value #RECOMPUTE_FAILED}: registrations that could not be re-evaluated under a new policy
 *       version (logged with the registration id; they keep their last status).
 * </ul>
 */
public final class ScoringMetrics {

  /** Rejected challenge events, tag {@code reason}. */
  public static final String REJECTED = "learnpulse.scoring.rejected";

  /** Dead-lettered records, tags {@code topic} and {@code cause}. */
  public static final String DEAD_LETTERED = "learnpulse.scoring.dead-lettered";

  /** Activity records refused by a per-registration cap, tag {@code limit}. */
  public static final String STATE_LIMIT_EXCEEDED = "learnpulse.scoring.state-limit-exceeded";

  /** Registrations whose re-evaluation under a new policy failed. */
  public static final String RECOMPUTE_FAILED = "learnpulse.scoring.recompute-failed";

  /** Why a record was dead-lettered. */
  enum DeadLetterCause {
    /** The bytes cannot be read as the topic's records. */
    UNREADABLE,
    /** Readable, but breaking the topic's rules (key, type, policy constraints). */
    INVALID,
    /** Processing it failed (an exception in scoring, unreadable stored state ...). */
    PROCESSING_FAILURE;

    String tag() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  private final MeterRegistry registry;
  private final Map<RejectedEvent.Reason, Counter> rejected =
      new EnumMap<>(RejectedEvent.Reason.class);
  private final Counter recomputeFailed;

  /** Meters registered in {@code registry}. */
  public ScoringMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (RejectedEvent.Reason reason : RejectedEvent.Reason.values()) {
      rejected.put(
          reason,
          Counter.builder(REJECTED)
              .description("Challenge events reported and ignored under the scoring contract")
              .tag("reason", reason.name().toLowerCase(Locale.ROOT).replace('_', '-'))
              .register(registry));
    }
    this.recomputeFailed =
        Counter.builder(RECOMPUTE_FAILED)
            .description("Registrations that could not be re-evaluated under a new policy")
            .register(registry);
  }

  void rejected(RejectedEvent.Reason reason, long count) {
    rejected.get(reason).increment(count);
  }

  void stateLimitExceeded(StateLimitExceededException.Limit limit) {
    Counter.builder(STATE_LIMIT_EXCEEDED)
        .description("Activity records refused because they would break a per-registration cap")
        .tag("limit", limit.name().toLowerCase(Locale.ROOT).replace('_', '-'))
        .register(registry)
        .increment();
  }

  void deadLettered(String sourceTopic, DeadLetterCause cause) {
    Counter.builder(DEAD_LETTERED)
        .description("Records sent to a dead-letter topic")
        .tag("topic", sourceTopic)
        .tag("cause", cause.tag())
        .register(registry)
        .increment();
  }

  void recomputeFailed() {
    recomputeFailed.increment();
  }
}

package io.learnpulse.scoring.topology;

/**
 * The throughput levers of the scoring topology (ADR 35), each of which can be switched off so that
 * the benchmark measures it against the topology without it in the same run. Production uses {@link
 * #DEFAULTS}; none of them changes a result, only what an event costs.
 *
 * @param storeCaching Kafka Streams' record cache on the registration and status stores: folds a
 *     key written several times per commit interval into one RocksDB put and changelog record (3×
 *     the rate with few, busy registrations), at the price of a sorted map per store and of
 *     evictions when the keys of one interval do not fit (no difference with 40,000 registrations
 *     active at once on a quiet machine): on by default (ADR 35)
 * @param compactState registration state written in the compact binary format (version 3) instead
 *     of version 2's Avro single-object encoding; both are always read
 * @param statusBytes the last published status is compared as bytes (the new status is serialized
 *     and compared with the stored one, {@code updatedAt} left out) instead of being deserialized
 *     and compared field by field
 * @param touchedTopicOnly an activity event that changes neither the registration's assignment nor
 *     its learner re-evaluates only the topic it names (no other topic's status can change)
 */
public record ScoringTuning(
    boolean storeCaching, boolean compactState, boolean statusBytes, boolean touchedTopicOnly) {

  /** What the service runs. */
  public static final ScoringTuning DEFAULTS = new ScoringTuning(true, true, true, true);

  /** The topology as it was before ADR 35 (for the benchmark's comparison). */
  public static final ScoringTuning BEFORE = new ScoringTuning(true, false, false, false);
}

package io.learnpulse.scoring.topology;

/**
 * What the benchmark may switch in the scoring topology to measure it against the topology without
 * it in the same run (ADR 35); production uses {@link #DEFAULTS}. It changes no result, only what
 * an event costs. (ADR 35's other levers are always on since ADR 38.)
 *
 * @param storeCaching Kafka Streams' record cache on the registration store: folds a key written
 *     several times per commit interval into one RocksDB put and changelog record (3× the rate with
 *     few, busy registrations), at the price of a sorted map and of evictions when the keys of one
 *     interval do not fit (no difference with 40,000 registrations active at once on a quiet
 *     machine): on by default (ADR 35)
 */
public record ScoringTuning(boolean storeCaching) {

  /** What the service runs. */
  public static final ScoringTuning DEFAULTS = new ScoringTuning(true);
}

package io.learnpulse.scoring.topology;

import io.learnpulse.schemas.topics.TopicSpec;
import io.learnpulse.schemas.topics.Topics;
import io.learnpulse.scoring.domain.StateLimits;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Challenge events and assignment policies in, topic status out: docs/design.md#scoring-contract as
 * a Kafka Streams topology.
 *
 * <pre>
 * learnpulse.activity.v1 (bytes) ──────────────────────────────────────┐
 * learnpulse.assignment.v1 (bytes) → assignment-validator ─┬─ valid → assignment-broadcast
 *                                                          │   (repartition to every activity
 *                                                          │    partition) ─┤
 *                                                          └─ invalid → learnpulse.assignment.v1.dlt
 *                                             scoring-processor (registrations, policies,
 *                                               index) ─┬─ changed status → learnpulse.topic-status.v1
 *                                                          └─ invalid → learnpulse.activity.v1.dlt
 * </pre>
 *
 * <p>Values are read as bytes and deserialized in the processors, so a record that cannot be read
 * or is invalid goes to its source's dead-letter topic with its original bytes and error headers
 * ({@link DeadLetters}) and processing continues. Every processor, store and repartition topic is
 * named.
 */
public final class ScoringTopology {

  /**
   * Registration id → the registration's learner, per-challenge aggregates and, per topic, a digest
   * of the last published status (ADR 38).
   */
  public static final String REGISTRATION_STORE = "scoring-registrations";

  /** Assignment id → latest policy, as read (Confluent wire format). */
  public static final String POLICY_STORE = "scoring-policies";

  /** {@code <assignmentId>\u001f<registrationId>} → registration id. */
  public static final String ASSIGNMENT_INDEX_STORE = "scoring-assignment-registrations";

  /** Name of the repartition step that sends every policy to every activity partition. */
  public static final String POLICY_BROADCAST = "assignment-broadcast";

  private final ScoringSerdes serdes;
  private final ScoringMetrics metrics;
  private final StateLimits limits;
  private final ScoringTuning tuning;

  /**
   * A topology reading and writing values with {@code serdes}, with the default {@link
   * StateLimits}.
   *
   * @param metrics where rejected events and dead letters are counted
   */
  public ScoringTopology(ScoringSerdes serdes, ScoringMetrics metrics) {
    this(serdes, metrics, StateLimits.DEFAULTS);
  }

  /**
   * A topology reading and writing values with {@code serdes}.
   *
   * @param metrics where rejected events and dead letters are counted
   * @param limits the per-registration caps beyond which activity is refused (dead-lettered)
   */
  public ScoringTopology(ScoringSerdes serdes, ScoringMetrics metrics, StateLimits limits) {
    this(serdes, metrics, limits, ScoringTuning.DEFAULTS);
  }

  /**
   * A topology reading and writing values with {@code serdes}, with other {@link ScoringTuning}
   * than the {@link ScoringTuning#DEFAULTS} (the benchmark compares them; results are the same).
   */
  public ScoringTopology(
      ScoringSerdes serdes, ScoringMetrics metrics, StateLimits limits, ScoringTuning tuning) {
    this.serdes = serdes;
    this.metrics = metrics;
    this.limits = limits;
    this.tuning = tuning;
  }

  /** The topology. */
  public Topology build() {
    StreamsBuilder builder = new StreamsBuilder();
    build(builder);
    return builder.build();
  }

  /** Adds the scoring topology to {@code builder}. */
  public void build(StreamsBuilder builder) {
    addStores(builder);

    KStream<String, ScoringInput> activity =
        builder.stream(
                Topics.ACTIVITY.name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("activity-source"))
            .mapValues(ScoringInput::activity, Named.as("activity-input"));

    KStream<String, Routed<byte[]>> checkedPolicies =
        builder.stream(
                Topics.ASSIGNMENT.name(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("assignment-source"))
            .process(
                () -> new PolicyGate(serdes.assignment().deserializer(), metrics),
                Named.as("assignment-validator"));
    checkedPolicies
        .filter((key, value) -> value.deadLetter(), Named.as("assignment-invalid"))
        .mapValues(ScoringTopology::original, Named.as("assignment-dead-letter-value"))
        .to(
            Topics.ASSIGNMENT.deadLetterTopic().orElseThrow(),
            Produced.with(Serdes.String(), Serdes.ByteArray())
                .withName("assignment-dead-letter-sink"));
    KStream<String, ScoringInput> policies =
        checkedPolicies
            .filterNot((key, value) -> value.deadLetter(), Named.as("assignment-valid"))
            .mapValues(ScoringTopology::okBytes, Named.as("assignment-valid-value"))
            .repartition(
                Repartitioned.<String, byte[]>as(POLICY_BROADCAST)
                    .withKeySerde(Serdes.String())
                    .withValueSerde(Serdes.ByteArray())
                    .withNumberOfPartitions(Topics.ACTIVITY.partitions())
                    .withStreamPartitioner(new BroadcastPartitioner<>()))
            .mapValues(ScoringInput::policy, Named.as("policy-input"));

    KStream<String, Routed<byte[]>> scored =
        activity
            .merge(policies, Named.as("scoring-input"))
            .process(
                () ->
                    new ScoringProcessor(
                        serdes.activity().deserializer(),
                        serdes.assignment().deserializer(),
                        serdes.topicStatus(),
                        metrics,
                        limits),
                Named.as("scoring-processor"),
                REGISTRATION_STORE,
                POLICY_STORE,
                ASSIGNMENT_INDEX_STORE);
    scored
        .split(Named.as("scoring-output-"))
        .branch(
            (key, value) -> deadLetterTo(value, Topics.ACTIVITY),
            Branched.withConsumer(
                deadLetters ->
                    deadLetters
                        .mapValues(
                            ScoringTopology::original, Named.as("activity-dead-letter-value"))
                        .to(
                            Topics.ACTIVITY.deadLetterTopic().orElseThrow(),
                            Produced.with(Serdes.String(), Serdes.ByteArray())
                                .withName("activity-dead-letter-sink")),
                "dead-letter"))
        .branch(
            (key, value) -> deadLetterTo(value, Topics.ASSIGNMENT),
            Branched.withConsumer(
                deadLetters ->
                    deadLetters
                        .mapValues(
                            ScoringTopology::original,
                            Named.as("assignment-late-dead-letter-value"))
                        .to(
                            Topics.ASSIGNMENT.deadLetterTopic().orElseThrow(),
                            Produced.with(Serdes.String(), Serdes.ByteArray())
                                .withName("assignment-late-dead-letter-sink")),
                "assignment-dead-letter"))
        .defaultBranch(
            Branched.withConsumer(
                statuses ->
                    statuses
                        .mapValues(ScoringTopology::okBytes, Named.as("topic-status-value"))
                        .to(
                            Topics.TOPIC_STATUS.name(),
                            // serialized by the processor (it digests the bytes)
                            Produced.with(Serdes.String(), Serdes.ByteArray())
                                .withName("topic-status-sink")),
                "status"));
  }

  private static boolean deadLetterTo(Routed<?> routed, TopicSpec source) {
    return routed instanceof Routed.DeadLetter<?> deadLetter
        && deadLetter.topic().equals(source.deadLetterTopic().orElseThrow());
  }

  private void addStores(StreamsBuilder builder) {
    builder.addStateStore(
        cached(
            Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(REGISTRATION_STORE),
                Serdes.String(),
                Serdes.ByteArray())));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(POLICY_STORE), Serdes.String(), Serdes.ByteArray()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(ASSIGNMENT_INDEX_STORE),
            Serdes.String(),
            Serdes.String()));
  }

  /**
   * The store with Kafka Streams' record cache when {@link ScoringTuning#storeCaching()} (the
   * default): a registration with several events per commit interval costs one RocksDB put and one
   * changelog record (ADR 35).
   */
  private <S extends StateStore> StoreBuilder<S> cached(StoreBuilder<S> store) {
    return tuning.storeCaching() ? store.withCachingEnabled() : store.withCachingDisabled();
  }

  private static byte[] original(Routed<?> routed) {
    return ((Routed.DeadLetter<?>) routed).original();
  }

  private static byte[] okBytes(Routed<byte[]> routed) {
    return ((Routed.Ok<byte[]>) routed).value();
  }
}

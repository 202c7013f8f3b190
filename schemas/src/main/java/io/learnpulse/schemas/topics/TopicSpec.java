package io.learnpulse.schemas.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * One Kafka topic of the catalog: its name, what its keys and values are, how it is laid out and
 * kept, and where its failed records go.
 *
 * @param name topic name, with the major contract version as its last segment
 * @param keyType Java type of the key (String keys are plain UTF-8 strings)
 * @param valueTypes Avro record types a value can be; more than one means the topic uses
 *     TopicRecordNameStrategy subjects
 * @param partitions partition count; a topic's dead-letter topic has the same count
 * @param cleanup delete by retention, or compact
 * @param retention how long records are kept when {@code cleanup} is {@link Cleanup#DELETE} or
 *     {@link Cleanup#COMPACT_DELETE}
 * @param deadLetter whether the topic has a {@code <name>.dlt} dead-letter topic
 * @param doc what the topic carries
 */
public record TopicSpec(
    String name,
    Class<?> keyType,
    List<Class<? extends SpecificRecord>> valueTypes,
    int partitions,
    Cleanup cleanup,
    Optional<Duration> retention,
    boolean deadLetter,
    String doc) {

  /** Cleanup policy of a topic. */
  public enum Cleanup {
    /** Records are removed after the retention time. */
    DELETE,
    /** The latest record per key is kept. */
    COMPACT,
    /** The latest record per key is kept, and only for the retention time. */
    COMPACT_DELETE
  }

  /** Validates and freezes the spec. */
  public TopicSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keyType, "keyType");
    valueTypes = List.copyOf(valueTypes);
    if (valueTypes.isEmpty()) {
      throw new IllegalArgumentException(name + ": at least one value type");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException(name + ": partitions must be positive");
    }
    Objects.requireNonNull(cleanup, "cleanup");
    Objects.requireNonNull(retention, "retention");
    if (cleanup == Cleanup.COMPACT && retention.isPresent()) {
      throw new IllegalArgumentException(name + ": a compacted topic has no retention time");
    }
    if (cleanup != Cleanup.COMPACT && retention.isEmpty()) {
      throw new IllegalArgumentException(name + ": a topic that deletes needs a retention time");
    }
  }

  /** Name of the dead-letter topic, if the topic has one. */
  public Optional<String> deadLetterTopic() {
    return deadLetter ? Optional.of(name + ".dlt") : Optional.empty();
  }

  /** True when values of several record types share the topic. */
  public boolean multipleValueTypes() {
    return valueTypes.size() > 1;
  }

  /** Topic-level configuration for creating the topic. */
  public Map<String, String> configs() {
    if (cleanup == Cleanup.COMPACT) {
      return Map.of("cleanup.policy", "compact");
    }
    return Map.of(
        "cleanup.policy",
        cleanup == Cleanup.COMPACT_DELETE ? "compact,delete" : "delete",
        "retention.ms",
        Long.toString(retention.orElseThrow().toMillis()));
  }

  /** Configuration of the dead-letter topic: kept for 14 days, whatever the source does. */
  public Map<String, String> deadLetterConfigs() {
    return Map.of(
        "cleanup.policy", "delete", "retention.ms", Long.toString(Duration.ofDays(14).toMillis()));
  }

  /**
   * The topic and its dead-letter topic as Kafka admin requests.
   *
   * @param replicationFactor replicas per partition (1 on a single local broker)
   */
  public List<NewTopic> newTopics(short replicationFactor) {
    List<NewTopic> topics = new ArrayList<>(2);
    topics.add(new NewTopic(name, partitions, replicationFactor).configs(configs()));
    deadLetterTopic()
        .ifPresent(
            dlt ->
                topics.add(
                    new NewTopic(dlt, partitions, replicationFactor).configs(deadLetterConfigs())));
    return topics;
  }
}

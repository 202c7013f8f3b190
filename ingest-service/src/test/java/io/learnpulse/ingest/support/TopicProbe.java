package io.learnpulse.ingest.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.schemas.registry.RestSchemaRegistryClient;
import io.learnpulse.schemas.serde.AvroDeserializer;
import io.learnpulse.schemas.serde.AvroSerdeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Looks at what the service wrote to real topics: their end offsets (to prove a request wrote
 * nothing) and the records written since given offsets, with raw values (to check the wire format)
 * that {@link #decode} reads with the project's {@link AvroDeserializer}.
 */
public final class TopicProbe implements AutoCloseable {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaConsumer<String, byte[]> consumer;
  private final List<TopicPartition> partitions;
  private final AvroDeserializer<SpecificRecord> values;

  private TopicProbe(String bootstrapServers, String registryUrl, Collection<String> topics) {
    this.consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    this.partitions =
        topics.stream()
            .flatMap(
                topic ->
                    consumer.partitionsFor(topic, READ_TIMEOUT).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())))
            .toList();
    this.values =
        new AvroDeserializer<>(
            RestSchemaRegistryClient.of(registryUrl),
            AvroSerdeConfig.from(
                Map.of(
                    AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                    registryUrl,
                    AvroSerdeConfig.SPECIFIC_AVRO_READER,
                    "true")),
            false);
  }

  /** A probe of {@code topics} on the broker at {@code bootstrapServers}. */
  public static TopicProbe open(
      String bootstrapServers, String registryUrl, Collection<String> topics) {
    return new TopicProbe(bootstrapServers, registryUrl, topics);
  }

  /** The current end offset of every partition of the probed topics. */
  public Map<TopicPartition, Long> endOffsets() {
    return new HashMap<>(consumer.endOffsets(partitions, READ_TIMEOUT));
  }

  /**
   * Runs {@code request} and asserts the probed topics did not grow: a rejected request writes
   * nothing.
   */
  public void assertNothingWrittenBy(Runnable request) {
    Map<TopicPartition, Long> before = endOffsets();
    request.run();
    assertThat(endOffsets()).as("end offsets of %s", topicNames()).isEqualTo(before);
  }

  /** Every record written after {@code from} up to the current end offsets, per topic in order. */
  public List<ConsumerRecord<String, byte[]>> recordsSince(Map<TopicPartition, Long> from) {
    Map<TopicPartition, Long> end = endOffsets();
    List<TopicPartition> grown =
        partitions.stream().filter(p -> end.get(p) > from.getOrDefault(p, 0L)).toList();
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    if (grown.isEmpty()) {
      return records;
    }
    consumer.assign(grown);
    grown.forEach(p -> consumer.seek(p, from.getOrDefault(p, 0L)));
    long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
    while (grown.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("records up to " + end + " could not be read in " + READ_TIMEOUT);
      }
      for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
          records.add(record);
        }
      }
    }
    consumer.unsubscribe();
    return records;
  }

  /** The value of {@code record} read as the generated class of its writer schema. */
  public SpecificRecord decode(ConsumerRecord<String, byte[]> record) {
    return values.deserialize(record.topic(), record.value());
  }

  private String topicNames() {
    return partitions.stream()
        .map(TopicPartition::topic)
        .distinct()
        .collect(Collectors.joining(", "));
  }

  @Override
  public void close() {
    consumer.close();
    values.close();
  }
}

package io.learnpulse.infra.registry;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import io.learnpulse.infra.kafka.TopicReadiness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SchemaLog} in a compacted, single-partition Kafka topic ({@code _schemas} by default).
 *
 * <p>{@link #readAll()} reads the topic from the beginning to its end offset; {@link #append}
 * produces synchronously and returns only after the broker acknowledged ({@code acks=all}), so the
 * registry applies a change only once it is stored and ids survive a restart. One registry instance
 * writes to a topic at a time: instances do not follow each other's writes.
 */
public final class KafkaSchemaLog implements SchemaLog {

  /** The topic used when none is given. */
  public static final String DEFAULT_TOPIC = "_schemas";

  private static final Logger log = LoggerFactory.getLogger(KafkaSchemaLog.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String bootstrapServers;
  private final String topic;
  private final TopicPartition partition;
  private final KafkaProducer<String, String> producer;

  private KafkaSchemaLog(String bootstrapServers, String topic) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.partition = new TopicPartition(topic, 0);
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG,
                "schema-registry-" + topic,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.LINGER_MS_CONFIG,
                0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                15_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                20_000),
            new StringSerializer(),
            new StringSerializer());
  }

  /**
   * Opens the log on the default topic, creating the topic when missing.
   *
   * @param bootstrapServers the Kafka bootstrap servers
   * @return the log
   */
  public static KafkaSchemaLog open(String bootstrapServers) {
    return open(bootstrapServers, DEFAULT_TOPIC);
  }

  /**
   * Opens the log on a topic, creating the topic (compacted, one partition) when missing.
   *
   * @param bootstrapServers the Kafka bootstrap servers
   * @param topic the topic
   * @return the log
   */
  public static KafkaSchemaLog open(String bootstrapServers, String topic) {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(topic, "topic");
    ensureTopic(bootstrapServers, topic);
    return new KafkaSchemaLog(bootstrapServers, topic);
  }

  private static void ensureTopic(String bootstrapServers, String topic) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      int brokers = admin.describeCluster().nodes().get(TIMEOUT.toMillis(), MILLISECONDS).size();
      short replicas = (short) Math.max(1, Math.min(3, brokers));
      NewTopic newTopic =
          new NewTopic(topic, 1, replicas)
              .configs(
                  Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
      try {
        admin.createTopics(List.of(newTopic)).all().get(TIMEOUT.toMillis(), MILLISECONDS);
        log.info("Created schema topic {} with {} replica(s)", topic, replicas);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
      TopicDescription description = TopicReadiness.await(admin, Set.of(topic), TIMEOUT).get(topic);
      if (description.partitions().size() != 1) {
        throw new IllegalStateException(
            "Schema topic " + topic + " must have exactly one partition to keep its order");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while preparing schema topic " + topic, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Could not prepare schema topic " + topic, e);
    }
  }

  @Override
  public List<SchemaLogRecord> readAll() {
    List<SchemaLogRecord> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG,
                "schema-registry-reader-" + topic,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (consumer.position(partition, TIMEOUT) < end) {
        if (System.nanoTime() > deadline) {
          throw SchemaRegistryException.storeError(
              "timed out reading " + topic + " up to offset " + end, null);
        }
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.key() == null) {
            continue;
          }
          try {
            SchemaLogCodec.decode(record.key(), record.value()).ifPresent(records::add);
          } catch (IllegalArgumentException e) {
            log.warn(
                "Skipping record at offset {} of {}: {}", record.offset(), topic, e.toString());
          }
        }
      }
      log.info("Read {} schema log records from {} (end offset {})", records.size(), topic, end);
    }
    return records;
  }

  @Override
  public void append(SchemaLogRecord record) {
    SchemaLogCodec.Encoded encoded = SchemaLogCodec.encode(record);
    try {
      RecordMetadata metadata =
          producer
              .send(new ProducerRecord<>(topic, 0, encoded.key(), encoded.value()))
              .get(TIMEOUT.toMillis(), MILLISECONDS);
      log.debug("Stored {} at offset {} of {}", record, metadata.offset(), topic);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SchemaRegistryException.storeError("interrupted while writing to " + topic, e);
    } catch (ExecutionException e) {
      throw SchemaRegistryException.storeError(
          "could not write to " + topic + ": " + e.getCause(), e.getCause());
    } catch (TimeoutException | RuntimeException e) {
      throw SchemaRegistryException.storeError("could not write to " + topic + ": " + e, e);
    }
  }

  /**
   * Returns the topic holding the log.
   *
   * @return the topic name
   */
  public String topic() {
    return topic;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}

package io.learnpulse.infra.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.infra.kafka.KraftBroker;
import io.learnpulse.infra.registry.SchemaRegistryServer;
import io.learnpulse.schemas.registry.RestSchemaRegistryClient;
import io.learnpulse.schemas.samples.WorkedExample;
import io.learnpulse.schemas.serde.AvroDeserializer;
import io.learnpulse.schemas.serde.AvroSerdeConfig;
import io.learnpulse.schemas.serde.AvroSerializer;
import io.learnpulse.schemas.topics.CatalogSchemas;
import io.learnpulse.schemas.topics.Topics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The schemas module's serde, configured the way services configure it, over our broker and our
 * Kafka-backed registry: the catalog is registered at deployment, records round-trip, and records
 * written before a registry restart are still readable after it.
 */
class SerdeOverKafkaIT {

  private static final String TOPIC = Topics.TOPIC_STATUS.name();
  private static final String SUBJECT = TOPIC + "-value";

  private static KraftBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = KraftBroker.builder().build().start();
    broker.createTopics(Topics.newTopics((short) 1));
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void catalogRecordsRoundTripAndSurviveARegistryRestart() {
    TopicStatus first = sampleStatus("injection");
    TopicStatus second = sampleStatus("xss");
    Map<String, Integer> ids;
    try (SchemaRegistryServer registry =
        SchemaRegistryServer.kafkaBacked(broker.bootstrapServers())) {
      ids = CatalogSchemas.registerAll(RestSchemaRegistryClient.of(registry.url()));
      assertThat(ids).containsKey(SUBJECT).hasSize(CatalogSchemas.subjects().size());

      try (KafkaProducer<String, TopicStatus> producer = producer(registry.url())) {
        producer.send(new ProducerRecord<>(TOPIC, "k1", first)).get();
        producer.send(new ProducerRecord<>(TOPIC, "k2", second)).get();
      } catch (Exception e) {
        throw new AssertionError(e);
      }

      List<byte[]> raw = consume(registry.url(), new ByteArrayDeserializer(), 2);
      for (byte[] bytes : raw) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        assertThat(buffer.get()).as("magic byte").isEqualTo((byte) 0);
        assertThat(buffer.getInt()).as("schema id").isEqualTo(ids.get(SUBJECT));
      }
    }

    try (SchemaRegistryServer restarted =
        SchemaRegistryServer.kafkaBacked(broker.bootstrapServers())) {
      RestSchemaRegistryClient client = RestSchemaRegistryClient.of(restarted.url());
      assertThat(CatalogSchemas.registerAll(client)).isEqualTo(ids);
      assertThat(client.latest(SUBJECT).version()).isEqualTo(1);

      List<TopicStatus> read = consume(restarted.url(), specificDeserializer(restarted.url()), 2);
      assertThat(read).containsExactlyInAnyOrder(first, second);
    }
  }

  @Test
  void withoutAutoRegistrationAnUnregisteredSchemaIsRefused() {
    try (SchemaRegistryServer registry = SchemaRegistryServer.inMemory()) {
      AvroSerdeConfig config =
          AvroSerdeConfig.from(
              Map.of(
                  AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                  registry.url(),
                  AvroSerdeConfig.AUTO_REGISTER_SCHEMAS,
                  "false"));
      AvroSerializer<TopicStatus> serializer =
          new AvroSerializer<>(RestSchemaRegistryClient.of(registry.url()), config, false);

      assertThatThrownBy(() -> serializer.serialize(TOPIC, sampleStatus("injection")))
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining(SUBJECT);
      assertThat(RestSchemaRegistryClient.of(registry.url()).subjects()).isEmpty();
    }
  }

  @Test
  void autoRegistrationRegistersOnFirstWrite() {
    try (SchemaRegistryServer registry = SchemaRegistryServer.inMemory()) {
      Map<String, Object> props = new HashMap<>();
      props.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
      props.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, "true");
      AvroSerializer<TopicStatus> serializer = new AvroSerializer<>();
      serializer.configure(props, false);
      AvroDeserializer<TopicStatus> deserializer = new AvroDeserializer<>();
      deserializer.configure(props, false);

      TopicStatus status = sampleStatus("injection");
      byte[] bytes = serializer.serialize(TOPIC, status);

      assertThat(deserializer.deserialize(TOPIC, bytes)).isEqualTo(status);
      assertThat(RestSchemaRegistryClient.of(registry.url()).subjects()).containsExactly(SUBJECT);
    }
  }

  private static KafkaProducer<String, TopicStatus> producer(String registryUrl) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class);
    props.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
    props.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false");
    return new KafkaProducer<>(props);
  }

  private static AvroDeserializer<TopicStatus> specificDeserializer(String registryUrl) {
    AvroDeserializer<TopicStatus> deserializer = new AvroDeserializer<>();
    deserializer.configure(
        Map.of(
            AvroSerdeConfig.SCHEMA_REGISTRY_URL,
            registryUrl,
            AvroSerdeConfig.SPECIFIC_AVRO_READER,
            "true"),
        false);
    return deserializer;
  }

  private static <V> List<V> consume(
      String registryUrl, org.apache.kafka.common.serialization.Deserializer<V> values, int count) {
    List<V> read = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "serde-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            values)) {
      consumer.subscribe(List.of(TOPIC));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                  read.add(record.value());
                }
                return read.size() >= count;
              });
    }
    return read;
  }

  private static TopicStatus sampleStatus(String topicId) {
    return WorkedExample.topicStatus()
        .setLearnerId("learner-7")
        .setTopicId(topicId)
        .setPolicyVersion(2)
        .build();
  }
}

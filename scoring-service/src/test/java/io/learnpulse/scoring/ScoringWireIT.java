package io.learnpulse.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.infra.Infrastructure;
import io.learnpulse.infra.junit.LearnPulseInfrastructure;
import io.learnpulse.schemas.serde.AvroDeserializer;
import io.learnpulse.schemas.serde.AvroSerdeConfig;
import io.learnpulse.schemas.serde.WireFormat;
import io.learnpulse.schemas.topics.Topics;
import io.learnpulse.schemas.wire.CloudEventHeaders;
import io.learnpulse.schemas.wire.DeadLetterHeaders;
import io.learnpulse.schemas.wire.ProducerId;
import io.learnpulse.scoring.topology.Activity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * scoring-service's records on the wire, on the real embedded broker: topic-status records carry
 * the CloudEvents headers with a content-derived {@code ce_id}, and a poison activity record lands
 * in the activity dead-letter topic with exactly the shared dead-letter headers and no stack trace.
 */
@LearnPulseInfrastructure
@SpringBootTest(
    classes = ScoringApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ScoringWireIT {

  private static final String APPLICATION_ID = "scoring-wire-it-" + UUID.randomUUID();
  private static final String ASSIGNMENT = "assignment-wire-it-" + UUID.randomUUID();

  @BeforeAll
  static void catalogTopicsAndSchemas(Infrastructure infrastructure) {
    infrastructure.prepareCatalog();
  }

  @DynamicPropertySource
  static void service(DynamicPropertyRegistry registry) {
    Infrastructure infrastructure = Infrastructure.shared();
    registry.add("spring.kafka.bootstrap-servers", infrastructure::bootstrapServers);
    registry.add("learnpulse.scoring.schema-registry-url", infrastructure::schemaRegistryUrl);
    registry.add("learnpulse.scoring.application-id", () -> APPLICATION_ID);
    registry.add(
        "learnpulse.scoring.state-dir",
        () -> Path.of(System.getProperty("java.io.tmpdir"), "scoring-it", APPLICATION_ID));
  }

  @Test
  void topicStatusRecordsCarryCloudEventsHeadersWithAContentDerivedId(
      Infrastructure infrastructure) {
    Activity learner = new Activity(UUID.randomUUID()).started().workedExampleA().solve("b", 0, 0);
    try (KafkaProducer<String, Object> policies =
            ScoringItFixtures.avroProducer(infrastructure, Topics.ASSIGNMENT);
        KafkaProducer<String, Object> activity =
            ScoringItFixtures.avroProducer(infrastructure, Topics.ACTIVITY)) {
      policies.send(
          new ProducerRecord<>(
              Topics.ASSIGNMENT.name(), ASSIGNMENT, ScoringItFixtures.policy(ASSIGNMENT)));
      policies.flush();
      for (SpecificRecord record : learner.records()) {
        activity.send(
            new ProducerRecord<>(
                Topics.ACTIVITY.name(),
                learner.key(),
                ScoringItFixtures.retarget(record, ASSIGNMENT)));
      }
      activity.flush();
    }
    String key = Topics.topicStatusKey(learner.registration(), Activity.TOPIC);

    AvroDeserializer<TopicStatus> values = statusDeserializer(infrastructure);
    List<ConsumerRecord<String, byte[]>> published =
        awaitRecords(
            infrastructure,
            Topics.TOPIC_STATUS.name(),
            key,
            r -> values.deserialize(r.topic(), r.value()).getFinished());

    assertThat(published)
        .allSatisfy(
            record -> {
              TopicStatus status = values.deserialize(record.topic(), record.value());
              byte[] avro =
                  Arrays.copyOfRange(record.value(), WireFormat.HEADER_SIZE, record.value().length);
              assertThat(CloudEventHeaders.read(record.headers()))
                  .contains(
                      new CloudEventHeaders(
                          CloudEventHeaders.contentId(key, avro),
                          "io.learnpulse.TopicStatus",
                          ProducerId.SCORING.id(),
                          status.getUpdatedAt()));
              assertThat(CloudEventHeaders.text(record.headers(), CloudEventHeaders.SPECVERSION))
                  .contains("1.0");
            });
    assertThat(published)
        .extracting(r -> CloudEventHeaders.id(r.headers()).orElseThrow())
        .as("each changed status is a new event")
        .doesNotHaveDuplicates();
  }

  @Test
  void aPoisonActivityRecordIsDeadLetteredWithTheSharedHeadersAndNoStackTrace(
      Infrastructure infrastructure) throws Exception {
    String key = UUID.randomUUID().toString();
    byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
    RecordMetadata sent;
    try (KafkaProducer<String, byte[]> raw = rawProducer(infrastructure)) {
      sent = raw.send(new ProducerRecord<>(Topics.ACTIVITY.name(), key, garbage)).get();
    }

    ConsumerRecord<String, byte[]> letter =
        awaitRecords(
                infrastructure, Topics.deadLetterTopicOf(Topics.ACTIVITY.name()), key, r -> true)
            .get(0);

    assertThat(letter.value()).isEqualTo(garbage);
    assertThat(letter.partition()).isEqualTo(sent.partition());
    assertThat(DeadLetterHeaders.names(letter.headers()))
        .containsAll(DeadLetterHeaders.REQUIRED)
        .isSubsetOf(DeadLetterHeaders.ALL)
        .doesNotContain(DeadLetterHeaders.EXCEPTION_STACKTRACE);
    assertThat(letter.headers()).noneMatch(h -> h.key().toLowerCase().contains("stacktrace"));
    assertThat(DeadLetterHeaders.originalTopic(letter.headers())).contains(Topics.ACTIVITY.name());
    assertThat(DeadLetterHeaders.originalPartition(letter.headers())).contains(sent.partition());
    assertThat(DeadLetterHeaders.originalOffset(letter.headers())).contains(sent.offset());
    assertThat(DeadLetterHeaders.originalTimestamp(letter.headers())).contains(sent.timestamp());
    assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.ORIGINAL_CONSUMER_GROUP))
        .contains(APPLICATION_ID);
    assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.EXCEPTION_FQCN))
        .hasValueSatisfying(fqcn -> assertThat(fqcn).endsWith("SerializationException"));
    assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.EXCEPTION_MESSAGE))
        .hasValueSatisfying(
            m -> assertThat(m.length()).isBetween(1, DeadLetterHeaders.MAX_MESSAGE_CHARS));
  }

  /**
   * The committed records of {@code key} on {@code topic}, read until one satisfies {@code last}.
   */
  private static List<ConsumerRecord<String, byte[]>> awaitRecords(
      Infrastructure infrastructure,
      String topic,
      String key,
      Predicate<ConsumerRecord<String, byte[]>> last) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "scoring-wire-reader-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                  if (key.equals(r.key())) {
                    found.add(r);
                  }
                }
                return found.stream().anyMatch(last);
              });
    }
    return found;
  }

  private static KafkaProducer<String, byte[]> rawProducer(Infrastructure infrastructure) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            infrastructure.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all"),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  private static AvroDeserializer<TopicStatus> statusDeserializer(Infrastructure infrastructure) {
    AvroDeserializer<TopicStatus> values = new AvroDeserializer<>();
    values.configure(
        Map.of(
            AvroSerdeConfig.SCHEMA_REGISTRY_URL,
            infrastructure.schemaRegistryUrl(),
            AvroSerdeConfig.SPECIFIC_AVRO_READER,
            true),
        false);
    return values;
  }
}

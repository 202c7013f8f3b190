package io.learnpulse.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.learnpulse.events.v1.ScormVersion;
import io.learnpulse.infra.registry.SchemaRegistryServer;
import io.learnpulse.ingest.domain.AvroEvents;
import io.learnpulse.ingest.domain.EventHeader;
import io.learnpulse.ingest.domain.HeartbeatReport;
import io.learnpulse.ingest.domain.PlayerEvent;
import io.learnpulse.ingest.domain.SessionContext;
import io.learnpulse.schemas.registry.RestSchemaRegistryClient;
import io.learnpulse.schemas.serde.AvroSerdeConfig;
import io.learnpulse.schemas.serde.AvroSerializer;
import io.learnpulse.schemas.serde.SubjectNameStrategy;
import io.learnpulse.schemas.topics.CatalogSchemas;
import io.learnpulse.schemas.topics.Topics;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract serializer writes exactly the bytes of the project's {@link AvroSerializer} with the
 * catalog's subject strategy, for the first record of a type and for every later one, against a
 * real (in-process, in-memory) Confluent-API registry.
 */
class ContractSerializerTest {

  private static SchemaRegistryServer registry;

  private final SessionContext session =
      new SessionContext(
          "tenant-acme",
          "learner-1",
          UUID.randomUUID(),
          UUID.randomUUID(),
          "assignment-1",
          "topic-1",
          ScormVersion.SCORM_12);
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

  @BeforeAll
  static void startRegistry() {
    registry = SchemaRegistryServer.inMemory();
    CatalogSchemas.registerAll(RestSchemaRegistryClient.of(registry.url()));
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  private SpecificRecord opened(String challengeId) {
    return AvroEvents.of(new PlayerEvent.ChallengeOpened(header(), challengeId), session, now)
        .value();
  }

  private EventHeader header() {
    return new EventHeader(UUID.randomUUID(), 1, now);
  }

  private static byte[] reference(
      String topic, SpecificRecord value, SubjectNameStrategy strategy) {
    AvroSerializer<SpecificRecord> serializer =
        new AvroSerializer<>(
            RestSchemaRegistryClient.of(registry.url()),
            AvroSerdeConfig.from(
                Map.of(
                    AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url(),
                    AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false",
                    AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, strategy.name())),
            false);
    return serializer.serialize(topic, value);
  }

  @Test
  void writesTheSameBytesAsTheProjectSerializerForFirstAndLaterRecords() {
    ContractSerializer serializer = new ContractSerializer(registry.url(), false);
    String activity = Topics.ACTIVITY.name();
    String heartbeats = Topics.HEARTBEAT.name();

    for (SpecificRecord value : List.of(opened("c-1"), opened("c-2"), opened("c-3"))) {
      assertThat(serializer.serialize(activity, value))
          .isEqualTo(reference(activity, value, SubjectNameStrategy.TOPIC_RECORD_NAME));
    }
    for (int i = 0; i < 2; i++) {
      SpecificRecord heartbeat =
          AvroEvents.of(
                  new HeartbeatReport(header(), 1000 + i, HeartbeatReport.Position.none()),
                  session,
                  now)
              .value();
      assertThat(serializer.serialize(heartbeats, heartbeat))
          .isEqualTo(reference(heartbeats, heartbeat, SubjectNameStrategy.TOPIC_NAME));
    }
  }

  @Test
  void refusesASchemaTheRegistryDoesNotHoldUnderTheTopicsSubject() {
    ContractSerializer serializer = new ContractSerializer(registry.url(), false);

    assertThatThrownBy(() -> serializer.serialize("learnpulse.unknown.v1", opened("c-1")))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("not registered");
  }
}

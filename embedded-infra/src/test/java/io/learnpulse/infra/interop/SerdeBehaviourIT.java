package io.learnpulse.infra.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.learnpulse.events.v1.EventMetadata;
import io.learnpulse.events.v1.HintRevealed;
import io.learnpulse.infra.registry.SchemaRegistryServer;
import io.learnpulse.schemas.registry.RestSchemaRegistryClient;
import io.learnpulse.schemas.registry.SchemaRegistryUnavailableException;
import io.learnpulse.schemas.serde.AvroDeserializer;
import io.learnpulse.schemas.serde.AvroSerializer;
import io.learnpulse.schemas.topics.Topics;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The serde's subjects, keys, generic and specific reading, and its errors, against the real
 * registry server over HTTP.
 */
class SerdeBehaviourIT {

  private static final String ACTIVITY = Topics.ACTIVITY.name();

  private SchemaRegistryServer server;
  private RestSchemaRegistryClient registry;

  @BeforeEach
  void start() {
    server = SchemaRegistryServer.inMemory();
    registry = RestSchemaRegistryClient.of(server.url());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void topicRecordNameStrategyRegistersEachRecordTypeUnderItsOwnSubject() {
    AvroSerializer<HintRevealed> serializer =
        configured(
            new AvroSerializer<>(),
            false,
            Map.of("value.subject.name.strategy", "TopicRecordNameStrategy"));

    serializer.serialize(ACTIVITY, hint());

    assertThat(registry.subjects())
        .containsExactly(ACTIVITY + "-io.learnpulse.events.v1.HintRevealed");
  }

  @Test
  void stringKeysAreWrittenAsAvroStringsUnderTheKeySubject() {
    AvroSerializer<String> keys = configured(new AvroSerializer<>(), true, Map.of());
    AvroDeserializer<String> reader = configured(new AvroDeserializer<>(), true, Map.of());

    byte[] bytes = keys.serialize(ACTIVITY, "registration-1");

    assertThat(registry.subjects()).containsExactly(ACTIVITY + "-key");
    assertThat(registry.latest(ACTIVITY + "-key").schema().getType()).isEqualTo(Schema.Type.STRING);
    assertThat(reader.deserialize(ACTIVITY, bytes)).isEqualTo("registration-1");
  }

  @Test
  void specificReadingGivesGeneratedClassesAndGenericReadingGivesRecords() {
    HintRevealed hint = hint();
    byte[] bytes =
        configured(new AvroSerializer<HintRevealed>(), false, Map.of()).serialize(ACTIVITY, hint);

    HintRevealed specific =
        configured(
                new AvroDeserializer<HintRevealed>(), false, Map.of("specific.avro.reader", "true"))
            .deserialize(ACTIVITY, bytes);
    GenericRecord generic =
        configured(new AvroDeserializer<GenericRecord>(), false, Map.of())
            .deserialize(ACTIVITY, bytes);

    assertThat(specific).isEqualTo(hint);
    assertThat(generic.get("challengeId").toString()).isEqualTo("a");
    assertThat(generic.get("hintIndex")).isEqualTo(2);
  }

  @Test
  void anUnknownSchemaIdIsAClearError() {
    byte[] unknownId = ByteBuffer.allocate(6).put((byte) 0).putInt(4242).put((byte) 0).array();

    assertThatThrownBy(
            () -> configured(new AvroDeserializer<>(), false, Map.of()).deserialize("t", unknownId))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("schema id 4242 is unknown to the schema registry");
  }

  @Test
  void anIncompatibleSchemaIsAClearErrorAndNothingIsRegistered() {
    Schema v1 = SchemaBuilder.record("Probe").fields().requiredString("name").endRecord();
    Schema v2 = SchemaBuilder.record("Probe").fields().requiredInt("count").endRecord();
    AvroSerializer<GenericRecord> serializer = configured(new AvroSerializer<>(), false, Map.of());
    serializer.serialize("probe", record(v1, "name", "x"));

    assertThatThrownBy(() -> serializer.serialize("probe", record(v2, "count", 1)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("incompatible with the versions registered under the subject")
        .hasMessageContaining("probe-value");
    assertThat(registry.versions("probe-value")).containsExactly(1);
  }

  @Test
  void anUnreachableRegistryIsAClearError() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    AvroSerializer<HintRevealed> serializer = new AvroSerializer<>();
    serializer.configure(Map.of("schema.registry.url", "http://127.0.0.1:" + closedPort), false);

    assertThatThrownBy(() -> serializer.serialize(ACTIVITY, hint()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("no schema registry answered")
        .hasCauseInstanceOf(SchemaRegistryUnavailableException.class);
  }

  private <T extends org.apache.kafka.common.serialization.Serializer<?>> T configured(
      T serializer, boolean isKey, Map<String, String> extra) {
    Map<String, Object> configs = new HashMap<>(extra);
    configs.put("schema.registry.url", server.url());
    serializer.configure(configs, isKey);
    return serializer;
  }

  private <T extends org.apache.kafka.common.serialization.Deserializer<?>> T configured(
      T deserializer, boolean isKey, Map<String, String> extra) {
    Map<String, Object> configs = new HashMap<>(extra);
    configs.put("schema.registry.url", server.url());
    deserializer.configure(configs, isKey);
    return deserializer;
  }

  private static GenericRecord record(Schema schema, String field, Object value) {
    GenericRecord record = new GenericData.Record(schema);
    record.put(field, value);
    return record;
  }

  private static HintRevealed hint() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return HintRevealed.newBuilder()
        .setMetadata(
            EventMetadata.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(now)
                .setReceivedAt(now)
                .setTenantId("acme")
                .setLearnerId("learner-1")
                .setRegistrationId(UUID.randomUUID())
                .setSessionId(UUID.randomUUID())
                .setSequence(3)
                .setProducer("test")
                .build())
        .setAssignmentId("assignment-1")
        .setTopicId("topic-1")
        .setChallengeId("a")
        .setHintIndex(2)
        .build();
  }
}

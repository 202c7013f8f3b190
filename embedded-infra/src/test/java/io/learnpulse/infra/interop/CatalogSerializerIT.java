package io.learnpulse.infra.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.learnpulse.events.v1.Bookmark;
import io.learnpulse.events.v1.EventMetadata;
import io.learnpulse.events.v1.Heartbeat;
import io.learnpulse.events.v1.SessionSuspended;
import io.learnpulse.infra.registry.SchemaRegistryServer;
import io.learnpulse.schemas.registry.RestSchemaRegistryClient;
import io.learnpulse.schemas.serde.CatalogSerializer;
import io.learnpulse.schemas.serde.WireFormat;
import io.learnpulse.schemas.topics.CatalogSchemas;
import io.learnpulse.schemas.topics.Topics;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The producers' catalog serializer against the real registry server, as deployed: no
 * auto-registration.
 */
class CatalogSerializerIT {

  private SchemaRegistryServer server;
  private RestSchemaRegistryClient registry;
  private CatalogSerializer serializer;

  @BeforeEach
  void start() {
    server = SchemaRegistryServer.inMemory();
    registry = RestSchemaRegistryClient.of(server.url());
    serializer = new CatalogSerializer();
    serializer.configure(
        Map.of("schema.registry.url", server.url(), "auto.register.schemas", "false"), false);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void writesEachRecordUnderItsCatalogTopicsSubject() {
    CatalogSchemas.registerAll(registry);

    byte[] suspended = serializer.serialize(Topics.ACTIVITY.name(), suspended());
    byte[] heartbeat = serializer.serialize(Topics.HEARTBEAT.name(), heartbeat());

    assertThat(WireFormat.schemaId(suspended))
        .isEqualTo(
            registry
                .latest(Topics.ACTIVITY.name() + "-io.learnpulse.events.v1.SessionSuspended")
                .id());
    assertThat(WireFormat.schemaId(heartbeat))
        .isEqualTo(registry.latest(Topics.HEARTBEAT.name() + "-value").id());
  }

  @Test
  void deadLettersKeepTheSourceSubjectAndRawBytesPassThrough() {
    CatalogSchemas.registerAll(registry);
    byte[] raw = {1, 2, 3};

    byte[] dead =
        serializer.serialize(Topics.HEARTBEAT.deadLetterTopic().orElseThrow(), heartbeat());

    assertThat(WireFormat.schemaId(dead))
        .isEqualTo(registry.latest(Topics.HEARTBEAT.name() + "-value").id());
    assertThat(serializer.serialize(Topics.ACTIVITY.deadLetterTopic().orElseThrow(), raw))
        .isSameAs(raw);
  }

  @Test
  void refusesASchemaNobodyRegistered() {
    assertThatThrownBy(() -> serializer.serialize(Topics.HEARTBEAT.name(), heartbeat()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("auto.register.schemas is off");
    assertThat(registry.subjects()).isEmpty();
  }

  private static EventMetadata metadata() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    return EventMetadata.newBuilder()
        .setEventId(UUID.randomUUID())
        .setOccurredAt(now)
        .setReceivedAt(now)
        .setTenantId("acme")
        .setLearnerId("learner-1")
        .setRegistrationId(UUID.randomUUID())
        .setSessionId(UUID.randomUUID())
        .setProducer("test")
        .build();
  }

  private static SessionSuspended suspended() {
    return SessionSuspended.newBuilder()
        .setMetadata(metadata())
        .setAssignmentId("assignment-1")
        .setTopicId("topic-1")
        .build();
  }

  private static Heartbeat heartbeat() {
    return Heartbeat.newBuilder()
        .setMetadata(metadata())
        .setAssignmentId("assignment-1")
        .setActiveMillis(30_000)
        .setBookmark(Bookmark.newBuilder().setTopicId("topic-1").build())
        .build();
  }
}

package io.learnpulse.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.learnpulse.events.v1.EventMetadata;
import io.learnpulse.events.v1.RevocationReason;
import io.learnpulse.events.v1.SessionRevoked;
import io.learnpulse.infra.Infrastructure;
import io.learnpulse.ingest.support.PlayerJson;
import io.learnpulse.ingest.support.SharedKafka;
import io.learnpulse.ingest.support.SharedKafkaTest;
import io.learnpulse.ingest.support.TestSession;
import io.learnpulse.schemas.serde.AvroSerdeConfig;
import io.learnpulse.schemas.serde.CatalogSerializer;
import io.learnpulse.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * A session lms-sync revoked stops working at ingest within seconds (ADR 26): lms-sync's {@code
 * SessionRevoked} record (written here as its outbox relay writes it, to the real broker) reaches
 * the running service, which then answers the old session's token 401 {@code session-superseded} —
 * also when that token was verified and cached before — on every player endpoint, while the
 * superseding session's token keeps being accepted. lms-sync's side (a second launch publishes the
 * record) is lms-sync's SessionRevocationIT; both together run in local-stack's LocalStackIT.
 */
class SessionRevocationIT extends SharedKafkaTest {

  /** How soon a revocation must take effect on a running replica. */
  private static final Duration BOUND = Duration.ofSeconds(10);

  private final TestSession old = TestSession.fresh();
  private final TestSession newer =
      new TestSession(
          old.tenantId(),
          old.learnerId(),
          old.registrationId(),
          UUID.randomUUID(),
          old.assignmentId(),
          old.topicId());
  private final String oldToken = ISSUER.token(old);
  private final String newerToken = ISSUER.token(newer);

  private int heartbeat(TestSession session, String token) {
    return client
        .post()
        .uri(session.heartbeatsPath())
        .header("Authorization", "Bearer " + token)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(PlayerJson.heartbeat(UUID.randomUUID(), 1, 1_000))
        .exchange()
        .returnResult(Void.class)
        .getStatus()
        .value();
  }

  @Test
  void aSupersededSessionsCachedTokenIsRefusedWithinSecondsTheNewSessionsIsAccepted()
      throws Exception {
    assertThat(heartbeat(old, oldToken)).as("accepted (and cached) before").isEqualTo(202);

    revoke(old, RevocationReason.SUPERSEDED, Instant.now().plus(Duration.ofHours(12)));

    await()
        .atMost(BOUND)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> heartbeat(old, oldToken) == 401);
    client
        .post()
        .uri(old.eventsPath())
        .header("Authorization", "Bearer " + oldToken)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(PlayerJson.challengeOpened(UUID.randomUUID(), 2, "c-1"))
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:learnpulse:problem:session-superseded")
        .jsonPath("$.detail")
        .value(detail -> assertThat((String) detail).contains("superseded"));
    // The player reads the refusal from its own origin, so it can stop and tell the learner.
    String player = "https://player.example";
    String oldTokenWithOrigin = ISSUER.token(old, c -> c.claim("orig", List.of(player)));
    client
        .post()
        .uri(old.heartbeatsPath())
        .header("Authorization", "Bearer " + oldTokenWithOrigin)
        .header("Origin", player)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(PlayerJson.heartbeat(UUID.randomUUID(), 3, 1_000))
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueEquals("Access-Control-Allow-Origin", player)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:learnpulse:problem:session-superseded");
    client
        .post()
        .uri(old.heartbeatsPath())
        .header("Authorization", "Bearer " + oldTokenWithOrigin)
        .header("Origin", "https://elsewhere.example")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(PlayerJson.heartbeat(UUID.randomUUID(), 4, 1_000))
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .doesNotExist("Access-Control-Allow-Origin");
    client
        .post()
        .uri("/v1/sessions/" + old.sessionId() + "/end")
        .contentType(MediaType.TEXT_PLAIN)
        .bodyValue("{\"token\": \"%s\", \"reason\": \"suspend\"}".formatted(oldToken))
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:learnpulse:problem:session-superseded");

    assertThat(heartbeat(newer, newerToken)).as("the superseding session").isEqualTo(202);
  }

  @Test
  void aTerminatedSessionIsRefusedAndARevocationPastItsExpiryIsIgnored() throws Exception {
    TestSession terminated = TestSession.fresh();
    String terminatedToken = ISSUER.token(terminated);
    TestSession stale = TestSession.fresh();
    String staleToken = ISSUER.token(stale);

    revoke(stale, RevocationReason.SUPERSEDED, Instant.now().minusSeconds(1));
    revoke(terminated, RevocationReason.TERMINATED, Instant.now().plus(Duration.ofHours(12)));

    await()
        .atMost(BOUND)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> heartbeat(terminated, terminatedToken) == 401);
    assertThat(heartbeat(stale, staleToken))
        .as("revoked only until a time already past: the token's own expiry governs")
        .isEqualTo(202);
  }

  private static void revoke(TestSession session, RevocationReason reason, Instant until)
      throws Exception {
    Infrastructure infrastructure = SharedKafka.prepared();
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            infrastructure.bootstrapServers(),
            AvroSerdeConfig.SCHEMA_REGISTRY_URL,
            infrastructure.schemaRegistryUrl(),
            AvroSerdeConfig.AUTO_REGISTER_SCHEMAS,
            "false");
    CatalogSerializer values = new CatalogSerializer();
    values.configure(config, false);
    @SuppressWarnings({"unchecked", "rawtypes"})
    Serializer<SpecificRecord> typed = (Serializer) values;
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    SessionRevoked revoked =
        SessionRevoked.newBuilder()
            .setMetadata(
                EventMetadata.newBuilder()
                    .setEventId(UUID.randomUUID())
                    .setOccurredAt(now)
                    .setReceivedAt(now)
                    .setTenantId(session.tenantId())
                    .setLearnerId(session.learnerId())
                    .setRegistrationId(session.registrationId())
                    .setSessionId(session.sessionId())
                    .setSequence(0)
                    .setProducer("lms-sync-service")
                    .build())
            .setReason(reason)
            .setRevokedUntil(until.truncatedTo(ChronoUnit.MILLIS))
            .build();
    try (KafkaProducer<String, SpecificRecord> producer =
        new KafkaProducer<>(config, new StringSerializer(), typed)) {
      producer
          .send(
              new ProducerRecord<>(
                  Topics.SESSION_REVOCATION.name(), session.sessionId().toString(), revoked))
          .get();
    }
  }
}

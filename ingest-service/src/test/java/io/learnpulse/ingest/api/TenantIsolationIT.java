package io.learnpulse.ingest.api;

import static io.learnpulse.ingest.support.PlayerJson.challengeOpened;
import static io.learnpulse.ingest.support.PlayerJson.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.events.v1.EventMetadata;
import io.learnpulse.ingest.support.SharedKafkaTest;
import io.learnpulse.ingest.support.TestSession;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * A session token for tenant A can never write for tenant B: tenant, learner, registration and
 * session come only from the token, whatever the body claims, and a token whose {@code sid} is not
 * the path's session is refused. Proven on the records of the real topics.
 */
class TenantIsolationIT extends SharedKafkaTest {

  private final TestSession tenantA = TestSession.fresh("tenant-a");
  private final TestSession tenantB = TestSession.fresh("tenant-b");

  @Test
  void aTokenOfTenantAIsRefusedOnTenantBsSession() {
    Map<TopicPartition, Long> before = topics.endOffsets();

    post(
            tenantA,
            tenantB.eventsPath(),
            MediaType.APPLICATION_JSON,
            challengeOpened(UUID.randomUUID(), 1, "c-1"))
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:learnpulse:problem:wrong-session");
    post(
            tenantA,
            tenantB.heartbeatsPath(),
            MediaType.APPLICATION_JSON,
            heartbeat(UUID.randomUUID(), 1, 1000))
        .expectStatus()
        .isForbidden();
    client
        .post()
        .uri(tenantB.beaconPath())
        .contentType(MediaType.TEXT_PLAIN)
        .bodyValue(
            "{\"token\": \""
                + ISSUER.token(tenantA)
                + "\", \"events\": "
                + challengeOpened(UUID.randomUUID(), 2, "c-1")
                + "}")
        .exchange()
        .expectStatus()
        .isForbidden();

    assertThat(topics.endOffsets()).isEqualTo(before);
  }

  @Test
  void identityFieldsInTheBodyAreIgnoredForTheTokens() {
    UUID id = UUID.randomUUID();
    String body =
        """
        {"id": "%s", "seq": 1, "type": "challenge.opened", "occurredAt": "%s", "challengeId": "c-1",
         "tenantId": "%s", "learnerId": "%s", "registrationId": "%s", "sessionId": "%s",
         "metadata": {"tenantId": "%s", "registrationId": "%s"}}
        """
            .formatted(
                id,
                Instant.now(),
                tenantB.tenantId(),
                tenantB.learnerId(),
                tenantB.registrationId(),
                tenantB.sessionId(),
                tenantB.tenantId(),
                tenantB.registrationId());
    Map<TopicPartition, Long> before = topics.endOffsets();

    post(tenantA, tenantA.eventsPath(), MediaType.APPLICATION_JSON, body)
        .expectStatus()
        .isAccepted();

    List<ConsumerRecord<String, byte[]>> records = topics.recordsSince(before);
    assertThat(records).hasSize(1);
    assertThat(records)
        .extracting(ConsumerRecord::key)
        .as("nothing lands under tenant B's registration")
        .doesNotContain(tenantB.registrationId().toString())
        .containsExactly(tenantA.registrationId().toString());
    EventMetadata metadata = (EventMetadata) topics.decode(records.get(0)).get(0);
    assertThat(metadata.getEventId()).isEqualTo(id);
    assertThat(metadata.getTenantId()).isEqualTo("tenant-a");
    assertThat(metadata.getLearnerId()).isEqualTo(tenantA.learnerId());
    assertThat(metadata.getRegistrationId()).isEqualTo(tenantA.registrationId());
    assertThat(metadata.getSessionId()).isEqualTo(tenantA.sessionId());
  }
}

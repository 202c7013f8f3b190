package io.learnpulse.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.events.v1.Heartbeat;
import io.learnpulse.events.v1.SessionSuspended;
import io.learnpulse.events.v1.SessionTerminated;
import io.learnpulse.ingest.support.SharedKafkaTest;
import io.learnpulse.ingest.support.TestSession;
import io.learnpulse.schemas.topics.Topics;
import io.learnpulse.schemas.wire.EventLimits;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The bridge ends its session when the LMS page goes away: {@code navigator.sendBeacon} from the
 * LMS's origin (not among the token's player origins), {@code text/plain}, the token in the body.
 * Over the real broker: the session event and the final heartbeat are written with the token's
 * facts, a repeated signal is the same event, and bad signals write nothing.
 */
class SessionEndIT extends SharedKafkaTest {

  private static final String PLAYER = "https://player.acme.example";
  private static final String LMS = "https://lms.acme.example";

  private final TestSession session = TestSession.fresh();
  private final String token =
      ISSUER.token(session, claims -> claims.claim("orig", List.of(PLAYER)));

  private WebTestClient.ResponseSpec end(String body) {
    return end(session, body);
  }

  private WebTestClient.ResponseSpec end(TestSession target, String body) {
    return client
        .post()
        .uri("/v1/sessions/" + target.sessionId() + "/end")
        .header("Origin", LMS)
        .contentType(MediaType.TEXT_PLAIN)
        .bodyValue(body)
        .exchange();
  }

  @Test
  void theBridgeSuspendsTheSessionFromTheLmsOriginWithItsFinalActiveTime() {
    Map<TopicPartition, Long> before = topics.endOffsets();
    Instant sent = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    end("""
        {"token": "%s", "reason": "suspend", "activeMillis": 12000,
         "bookmark": {"challengeId": "c-2", "step": 3, "revealedHints": [0, 1]}}
        """
            .formatted(token))
        .expectStatus()
        .isAccepted()
        .expectHeader()
        .doesNotExist("Access-Control-Allow-Origin")
        .expectBody()
        .jsonPath("$.accepted.length()")
        .isEqualTo(2);

    List<ConsumerRecord<String, byte[]>> records = topics.recordsSince(before);
    assertThat(records).hasSize(2);
    ConsumerRecord<String, byte[]> heartbeatRecord =
        records.stream().filter(r -> r.topic().equals(Topics.HEARTBEAT.name())).findFirst().get();
    ConsumerRecord<String, byte[]> endRecord =
        records.stream().filter(r -> r.topic().equals(Topics.ACTIVITY.name())).findFirst().get();
    assertThat(heartbeatRecord.key()).isEqualTo(session.registrationId().toString());
    assertThat(endRecord.key()).isEqualTo(session.registrationId().toString());

    Heartbeat heartbeat = (Heartbeat) topics.decode(heartbeatRecord);
    assertThat(heartbeat.getActiveMillis()).isEqualTo(12_000);
    assertThat(heartbeat.getBookmark().getTopicId()).isEqualTo(session.topicId());
    assertThat(heartbeat.getBookmark().getChallengeId()).isEqualTo("c-2");
    assertThat(heartbeat.getBookmark().getStep()).isEqualTo(3);
    assertThat(heartbeat.getBookmark().getRevealedHints()).containsExactly(0, 1);
    assertThat(heartbeat.getMetadata().getSessionId()).isEqualTo(session.sessionId());
    assertThat(heartbeat.getMetadata().getLearnerId()).isEqualTo(session.learnerId());

    SessionSuspended suspended = (SessionSuspended) topics.decode(endRecord);
    assertThat(suspended.getMetadata().getTenantId()).isEqualTo(session.tenantId());
    assertThat(suspended.getMetadata().getSessionId()).isEqualTo(session.sessionId());
    assertThat(suspended.getMetadata().getRegistrationId()).isEqualTo(session.registrationId());
    assertThat(suspended.getMetadata().getOccurredAt()).isBetween(sent, Instant.now());
    assertThat(suspended.getMetadata().getOccurredAt())
        .isEqualTo(heartbeat.getMetadata().getOccurredAt());
    assertThat(suspended.getAssignmentId()).isEqualTo(session.assignmentId());
  }

  @Test
  void theSameSignalTwiceIsTheSameEventAndTerminateWithoutActiveTimeWritesOnlyTheEnd() {
    Map<TopicPartition, Long> before = topics.endOffsets();
    String body = "{\"token\": \"%s\", \"reason\": \"terminate\"}".formatted(token);

    String first =
        new String(
            end(body).expectStatus().isAccepted().expectBody().returnResult().getResponseBody());
    String second =
        new String(
            end(body).expectStatus().isAccepted().expectBody().returnResult().getResponseBody());

    assertThat(second).isEqualTo(first);
    List<ConsumerRecord<String, byte[]>> records = topics.recordsSince(before);
    assertThat(records).hasSize(2).allMatch(r -> r.topic().equals(Topics.ACTIVITY.name()));
    List<SpecificRecord> values = records.stream().map(topics::decode).toList();
    assertThat(values).allMatch(SessionTerminated.class::isInstance);
    assertThat(values)
        .extracting(v -> ((SessionTerminated) v).getMetadata().getEventId())
        .as("one event id: consumers keep the first and drop the repeat")
        .containsOnly(((SessionTerminated) values.get(0)).getMetadata().getEventId());
    assertThat(first)
        .contains(((SessionTerminated) values.get(0)).getMetadata().getEventId().toString());
  }

  @Test
  void theEventsBeaconFromTheLmsOriginIsStillRefusedWhileTheEndSignalIsNot() {
    topics.assertNothingWrittenBy(
        () ->
            client
                .post()
                .uri(session.beaconPath())
                .header("Origin", LMS)
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue(
                    "{\"token\": \"%s\", \"events\": {\"id\": \"%s\", \"seq\": 1, \"type\":"
                            .formatted(token, UUID.randomUUID())
                        + " \"session.suspended\", \"occurredAt\": \"%s\"}}"
                            .formatted(Instant.now()))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("urn:learnpulse:problem:origin-not-allowed"));
  }

  @Test
  void badSignalsAreProblemsNamingTheFieldAndWriteNothing() {
    expectProblem(
        "{\"token\": \"%s\", \"reason\": \"suspend\", \"activeMillis\": %d, \"bookmark\": {}}"
            .formatted(token, EventLimits.MAX_ACTIVE_MILLIS_PER_HEARTBEAT + 1),
        422,
        "invalid-body",
        "/activeMillis");
    expectProblem(
        "{\"token\": \"%s\", \"reason\": \"suspend\", \"activeMillis\": 5000}".formatted(token),
        400,
        "invalid-body",
        "/bookmark");
    expectProblem(
        "{\"token\": \"%s\", \"reason\": \"pause\"}".formatted(token),
        400,
        "invalid-body",
        "/reason");
    expectProblem(
        "{\"token\": \"%s\", \"reason\": \"suspend\", \"seq\": %d}"
            .formatted(token, EventLimits.MAX_SEQUENCE + 1),
        422,
        "invalid-body",
        "/seq");
    expectProblem(
        ("{\"token\": \"%s\", \"reason\": \"suspend\", \"activeMillis\": 1,"
                + " \"bookmark\": {\"challengeId\": \"c\\u0000\"}}")
            .formatted(token),
        400,
        "invalid-body",
        "/bookmark/challengeId");
    topics.assertNothingWrittenBy(
        () -> {
          end("{\"reason\": \"suspend\"}").expectStatus().isUnauthorized();
          end("{\"token\": \"not-a-token\", \"reason\": \"suspend\"}")
              .expectStatus()
              .isUnauthorized();
          end(TestSession.fresh(), "{\"token\": \"%s\", \"reason\": \"suspend\"}".formatted(token))
              .expectStatus()
              .isForbidden()
              .expectBody()
              .jsonPath("$.type")
              .isEqualTo("urn:learnpulse:problem:wrong-session");
        });
  }

  private void expectProblem(String body, int status, String type, String pointer) {
    topics.assertNothingWrittenBy(
        () ->
            end(body)
                .expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("urn:learnpulse:problem:" + type)
                .jsonPath("$.errors[0].pointer")
                .isEqualTo(pointer));
  }
}

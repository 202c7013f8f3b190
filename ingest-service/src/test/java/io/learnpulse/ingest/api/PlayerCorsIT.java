package io.learnpulse.ingest.api;

import static io.learnpulse.ingest.support.PlayerJson.challengeOpened;
import static io.learnpulse.ingest.support.PlayerJson.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.ingest.support.SharedKafkaTest;
import io.learnpulse.ingest.support.TestSession;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * CORS per tenant (docs/adr/0005-player-cors.md): preflights are answered for any origin because
 * they carry no token; the actual request's Origin must be one of the token's {@code orig} origins,
 * else 403 {@code origin-not-allowed} and nothing is written; tokens without {@code orig} serve
 * only requests without an Origin.
 */
class PlayerCorsIT extends SharedKafkaTest {

  private static final String LMS = "https://lms.acme.example";
  private static final String PLAYER = "https://player.acme.example";
  private static final String STRANGER = "https://evil.example";

  private final TestSession session = TestSession.fresh();

  private String tokenAllowing(String... origins) {
    return ISSUER.token(session, c -> c.claim("orig", List.of(origins)));
  }

  private WebTestClient.ResponseSpec postEvents(String token, String origin) {
    WebTestClient.RequestBodySpec request =
        client
            .post()
            .uri(session.eventsPath())
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
            .contentType(MediaType.APPLICATION_JSON);
    if (origin != null) {
      request.header(HttpHeaders.ORIGIN, origin);
    }
    return request.bodyValue(challengeOpened(UUID.randomUUID(), 1, "c-1")).exchange();
  }

  private void expectOriginNotAllowed(WebTestClient.ResponseSpec response) {
    response
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:learnpulse:problem:origin-not-allowed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"events", "heartbeats", "beacon"})
  void answersPreflightsWithoutATokenReflectingTheOrigin(String endpoint) {
    Map<TopicPartition, Long> before = topics.endOffsets();

    client
        .options()
        .uri("/v1/sessions/" + session.sessionId() + "/" + endpoint)
        .header(HttpHeaders.ORIGIN, STRANGER)
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization, content-type")
        .exchange()
        .expectStatus()
        .isNoContent()
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, STRANGER)
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, "POST")
        .expectHeader()
        .values(
            HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS,
            values ->
                assertThat(String.join(",", values).split("\\s*,\\s*"))
                    .containsExactlyInAnyOrder("Authorization", "Content-Type"))
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "3600")
        .expectHeader()
        .values(HttpHeaders.VARY, values -> assertThat(values).contains("Origin"))
        .expectHeader()
        .doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS);

    assertThat(topics.endOffsets()).isEqualTo(before);
  }

  @Test
  void allowsAnOriginOfTheTokensTenantToPostAndReadTheAnswer() {
    Map<TopicPartition, Long> before = topics.endOffsets();

    postEvents(tokenAllowing(LMS, PLAYER), PLAYER)
        .expectStatus()
        .isAccepted()
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, PLAYER)
        .expectHeader()
        .values(HttpHeaders.VARY, values -> assertThat(values).contains("Origin"))
        .expectHeader()
        .values(
            HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS,
            values -> assertThat(values).contains("Retry-After"));

    assertThat(topics.recordsSince(before)).hasSize(1);
  }

  @Test
  void letsAnAllowedOriginReadTheProblemOfAnInvalidBody() {
    client
        .post()
        .uri(session.heartbeatsPath())
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + tokenAllowing(LMS))
        .header(HttpHeaders.ORIGIN, LMS)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            "{\"id\": \"%s\", \"seq\": 1, \"occurredAt\": \"%s\", \"activeMillis\": -5}"
                .formatted(UUID.randomUUID(), Instant.now()))
        .exchange()
        .expectStatus()
        .isEqualTo(422)
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, LMS)
        .expectHeader()
        .values(HttpHeaders.VARY, values -> assertThat(values).contains("Origin"));
  }

  @Test
  void refusesAnOriginTheTenantDoesNotAllowAndWritesNothing() {
    Map<TopicPartition, Long> before = topics.endOffsets();

    expectOriginNotAllowed(postEvents(tokenAllowing(LMS, PLAYER), STRANGER));
    expectOriginNotAllowed(
        client
            .post()
            .uri(session.heartbeatsPath())
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + tokenAllowing(LMS))
            .header(HttpHeaders.ORIGIN, STRANGER)
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(heartbeat(UUID.randomUUID(), 1, 1000))
            .exchange());
    expectOriginNotAllowed(postEvents(tokenAllowing(LMS, "null"), "null"));

    assertThat(topics.endOffsets()).isEqualTo(before);
  }

  @Test
  void aTokenWithoutOriginsServesOnlyRequestsWithoutAnOrigin() {
    Map<TopicPartition, Long> before = topics.endOffsets();
    String olderToken = ISSUER.token(session);

    expectOriginNotAllowed(postEvents(olderToken, LMS));
    assertThat(topics.endOffsets()).isEqualTo(before);

    postEvents(olderToken, null)
        .expectStatus()
        .isAccepted()
        .expectHeader()
        .doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
    assertThat(topics.recordsSince(before)).hasSize(1);
  }

  @Test
  void beaconsAreJudgedByTheOriginsOfTheirBodyToken() {
    Map<TopicPartition, Long> before = topics.endOffsets();

    expectOriginNotAllowed(beacon(tokenAllowing(LMS), STRANGER));
    expectOriginNotAllowed(beacon(ISSUER.token(session), LMS));
    assertThat(topics.endOffsets()).isEqualTo(before);

    beacon(tokenAllowing(LMS), LMS)
        .expectStatus()
        .isAccepted()
        .expectHeader()
        .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, LMS);
    assertThat(topics.recordsSince(before)).hasSize(1);
  }

  @Test
  void refusesATokenWhoseOriginsClaimIsMalformed() {
    postEvents(ISSUER.token(session, c -> c.claim("orig", Map.of("a", "b"))), null)
        .expectStatus()
        .isUnauthorized();
  }

  private WebTestClient.ResponseSpec beacon(String token, String origin) {
    return client
        .post()
        .uri(session.beaconPath())
        .header(HttpHeaders.ORIGIN, origin)
        .contentType(MediaType.TEXT_PLAIN)
        .bodyValue(
            "{\"token\": \""
                + token
                + "\", \"events\": "
                + challengeOpened(UUID.randomUUID(), 1, "c-1")
                + "}")
        .exchange();
  }
}

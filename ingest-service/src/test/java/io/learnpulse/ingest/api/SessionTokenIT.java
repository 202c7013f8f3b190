package io.learnpulse.ingest.api;

import static io.learnpulse.ingest.support.PlayerJson.challengeOpened;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import io.learnpulse.ingest.support.SharedKafkaTest;
import io.learnpulse.ingest.support.TestSession;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Session-token checks at the HTTP edge, against the real shared broker: every request here is
 * refused (401 or 403), and none of them moves the end offsets of the activity and heartbeat
 * topics.
 */
class SessionTokenIT extends SharedKafkaTest {

  private final TestSession session = TestSession.fresh();
  private Map<TopicPartition, Long> endOffsets;

  @BeforeEach
  void recordEndOffsets() {
    endOffsets = topics.endOffsets();
  }

  @AfterEach
  void nothingWasWritten() {
    assertThat(topics.endOffsets())
        .as("end offsets of the activity and heartbeat topics after refused requests")
        .isEqualTo(endOffsets);
  }

  private WebTestClient.ResponseSpec postEvents(String path, String authorization) {
    WebTestClient.RequestBodySpec request =
        client.post().uri(path).contentType(MediaType.APPLICATION_JSON);
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return request.bodyValue(challengeOpened(UUID.randomUUID(), 1, "c-1")).exchange();
  }

  private void expectUnauthorized(WebTestClient.ResponseSpec response) {
    response
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectHeader()
        .valueMatches("WWW-Authenticate", "Bearer.*")
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:learnpulse:problem:invalid-token")
        .jsonPath("$.status")
        .isEqualTo(401);
  }

  private String bearer(UnaryOperator<JWTClaimsSet.Builder> change) {
    return "Bearer " + ISSUER.token(session, change);
  }

  @Test
  void rejectsARequestWithoutAToken() {
    expectUnauthorized(postEvents(session.eventsPath(), null));
    expectUnauthorized(
        client
            .post()
            .uri(session.heartbeatsPath())
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue("{}")
            .exchange());
  }

  @Test
  void rejectsAMalformedToken() {
    expectUnauthorized(postEvents(session.eventsPath(), "Bearer not.a.jwt"));
    expectUnauthorized(postEvents(session.eventsPath(), "Basic dXNlcjpwYXNz"));
  }

  @Test
  void rejectsAnExpiredToken() {
    expectUnauthorized(
        postEvents(
            session.eventsPath(),
            bearer(
                c ->
                    c.issueTime(Date.from(Instant.now().minusSeconds(7200)))
                        .expirationTime(Date.from(Instant.now().minusSeconds(3600))))));
  }

  @Test
  void rejectsATokenWithoutExpiry() {
    expectUnauthorized(postEvents(session.eventsPath(), bearer(c -> c.expirationTime(null))));
  }

  @Test
  void rejectsABridgeTokenAndAForeignIssuer() {
    expectUnauthorized(
        postEvents(session.eventsPath(), bearer(c -> c.audience("learnpulse-bridge"))));
    expectUnauthorized(
        postEvents(session.eventsPath(), bearer(c -> c.issuer("https://evil.example"))));
  }

  @Test
  void rejectsATokenSignedWithAKeyTheIssuerDoesNotPublish() {
    expectUnauthorized(
        postEvents(session.eventsPath(), "Bearer " + ISSUER.tokenFromAnotherKey(session)));
  }

  @Test
  void rejectsATokenLackingOrManglingASessionClaim() {
    expectUnauthorized(postEvents(session.eventsPath(), bearer(c -> c.claim("reg", null))));
    expectUnauthorized(postEvents(session.eventsPath(), bearer(c -> c.claim("reg", "r-1"))));
    expectUnauthorized(postEvents(session.eventsPath(), bearer(c -> c.claim("ver", "SCORM_3"))));
    expectUnauthorized(postEvents(session.eventsPath(), bearer(c -> c.claim("tid", ""))));
  }

  @Test
  void forbidsATokenOfAnotherSession() {
    TestSession other = TestSession.fresh();

    postEvents(other.eventsPath(), "Bearer " + ISSUER.token(session))
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:learnpulse:problem:wrong-session");
    client
        .post()
        .uri(other.heartbeatsPath())
        .header("Authorization", "Bearer " + ISSUER.token(session))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{}")
        .exchange()
        .expectStatus()
        .isForbidden();
    postEvents("/v1/sessions/not-a-uuid/events", "Bearer " + ISSUER.token(session))
        .expectStatus()
        .isForbidden();
  }

  @Test
  void aValidTokenLetsTheBodyBeJudged() {
    client
        .post()
        .uri(session.eventsPath())
        .header("Authorization", "Bearer " + ISSUER.token(session))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            """
            {"id": "%s", "seq": -1, "type": "session.suspended", "occurredAt": "%s"}
            """
                .formatted(UUID.randomUUID(), Instant.now()))
        .exchange()
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[0].pointer")
        .isEqualTo("/seq");
  }

  @Test
  void beaconTakesItsTokenFromTheBody() {
    String events = "[" + challengeOpened(UUID.randomUUID(), 1, "c-1") + "]";

    expectUnauthorized(
        client
            .post()
            .uri(session.beaconPath())
            .contentType(MediaType.TEXT_PLAIN)
            .bodyValue("{\"events\": " + events + "}")
            .exchange());
    expectUnauthorized(
        client
            .post()
            .uri(session.beaconPath())
            .contentType(MediaType.TEXT_PLAIN)
            .bodyValue("{\"token\": \"garbage\", \"events\": " + events + "}")
            .exchange());
    client
        .post()
        .uri(TestSession.fresh().beaconPath())
        .contentType(MediaType.TEXT_PLAIN)
        .bodyValue("{\"token\": \"" + ISSUER.token(session) + "\", \"events\": " + events + "}")
        .exchange()
        .expectStatus()
        .isForbidden();
  }
}

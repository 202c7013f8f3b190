package io.learnpulse.ingest.api;

import static io.learnpulse.ingest.support.PlayerJson.challengeOpened;
import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.ingest.support.SharedKafkaTest;
import io.learnpulse.ingest.support.TestSession;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/**
 * The logs never hold a session token or a learner id, even with the service's own loggers and
 * Spring's web and security loggers at debug level: the output of accepted and rejected requests is
 * captured and searched.
 */
@TestPropertySource(
    properties = {
      "logging.level.io.learnpulse.ingest=DEBUG",
      "logging.level.org.springframework.web=DEBUG",
      "logging.level.org.springframework.security=DEBUG"
    })
@ExtendWith(OutputCaptureExtension.class)
class LogHygieneIT extends SharedKafkaTest {

  private final TestSession session = TestSession.fresh();

  @Test
  void logsNeitherTokensNorLearnerIds(CapturedOutput output) {
    String token = ISSUER.token(session, c -> c.claim("orig", List.of("https://lms.example")));
    String signature = token.substring(token.lastIndexOf('.') + 1);

    client
        .post()
        .uri(session.eventsPath())
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(challengeOpened(UUID.randomUUID(), 1, "c-1"))
        .exchange()
        .expectStatus()
        .isAccepted();
    client
        .post()
        .uri(session.eventsPath())
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            "{\"id\": \"%s\", \"seq\": -1, \"type\": \"session.suspended\", \"occurredAt\": \"%s\"}"
                .formatted(UUID.randomUUID(), Instant.now()))
        .exchange()
        .expectStatus()
        .isEqualTo(422);
    client
        .post()
        .uri(session.beaconPath())
        .header(HttpHeaders.ORIGIN, "https://evil.example")
        .contentType(MediaType.TEXT_PLAIN)
        .bodyValue(
            "{\"token\": \""
                + token
                + "\", \"events\": "
                + challengeOpened(UUID.randomUUID(), 2, "c")
                + "}")
        .exchange()
        .expectStatus()
        .isForbidden();
    client
        .post()
        .uri("/v1/sessions/" + session.sessionId() + "/end")
        .header(HttpHeaders.ORIGIN, "https://lms.acme.example")
        .contentType(MediaType.TEXT_PLAIN)
        .bodyValue(
            "{\"token\": \"%s\", \"reason\": \"suspend\", \"activeMillis\": 900,".formatted(token)
                + " \"bookmark\": {\"challengeId\": \"c\"}}")
        .exchange()
        .expectStatus()
        .isAccepted();
    client
        .post()
        .uri("/v1/sessions/" + session.sessionId() + "/end")
        .contentType(MediaType.TEXT_PLAIN)
        .bodyValue("{\"token\": \"%s\", \"reason\": \"pause\"}".formatted(token))
        .exchange()
        .expectStatus()
        .isBadRequest();
    client
        .post()
        .uri(TestSession.fresh().eventsPath())
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(challengeOpened(UUID.randomUUID(), 3, "c"))
        .exchange()
        .expectStatus()
        .isForbidden();
    client
        .post()
        .uri(session.eventsPath())
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token + "x")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(challengeOpened(UUID.randomUUID(), 4, "c"))
        .exchange()
        .expectStatus()
        .isUnauthorized();

    assertThat(output.getAll())
        .as("the requests were logged at all (debug lines of this service)")
        .contains("records stored", "request answered with a problem")
        .doesNotContain(token)
        .doesNotContain(signature)
        .doesNotContain(session.learnerId());
  }
}

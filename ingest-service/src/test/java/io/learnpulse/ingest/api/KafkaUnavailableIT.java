package io.learnpulse.ingest.api;

import static io.learnpulse.ingest.support.PlayerJson.challengeOpened;
import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.ingest.support.DeadBroker;
import io.learnpulse.ingest.support.TestSession;
import io.learnpulse.ingest.support.TokenIssuer;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** With no broker to acknowledge, a valid request is answered 503 within seconds. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class KafkaUnavailableIT {

  private static final TokenIssuer ISSUER = TokenIssuer.start();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("learnpulse.ingest.jwks-uri", ISSUER::jwksUri);
    registry.add("learnpulse.ingest.issuer", () -> TokenIssuer.ISSUER);
    registry.add("spring.kafka.bootstrap-servers", DeadBroker::address);
  }

  @AfterAll
  static void stopIssuer() {
    ISSUER.close();
  }

  @Autowired private WebTestClient client;

  @Test
  void answers503WithRetryAfterWithinSecondsWhenNoBrokerAcknowledges() {
    TestSession session = TestSession.fresh();
    long started = System.nanoTime();

    client
        .mutate()
        .responseTimeout(Duration.ofSeconds(30))
        .build()
        .post()
        .uri(session.eventsPath())
        .header("Authorization", "Bearer " + ISSUER.token(session))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(challengeOpened(UUID.randomUUID(), 1, "c-1"))
        .exchange()
        .expectStatus()
        .isEqualTo(503)
        .expectHeader()
        .valueEquals("Retry-After", "5")
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:learnpulse:problem:store-unavailable");

    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("a dead broker is reported within the configured bounds, not Kafka's 2-minute default")
        .isLessThan(Duration.ofSeconds(10));
  }
}

package io.learnpulse.ingest.api;

import static io.learnpulse.ingest.support.PlayerJson.challengeOpened;

import io.learnpulse.infra.Infrastructure;
import io.learnpulse.infra.junit.LearnPulseInfrastructure;
import io.learnpulse.infra.kafka.FreePorts;
import io.learnpulse.ingest.support.SharedKafka;
import io.learnpulse.ingest.support.TestSession;
import io.learnpulse.ingest.support.TokenIssuer;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * When lms-sync's JWKS cannot be fetched, a token cannot be judged: that is the service's trouble,
 * answered 503 with Retry-After, not a 401 that would make the player drop its token. (Nothing
 * listens on the JWKS port; the broker and registry are the real shared ones.)
 */
@LearnPulseInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class KeysUnavailableIT {

  private static final TokenIssuer ISSUER = TokenIssuer.shared();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    Infrastructure infrastructure = SharedKafka.prepared();
    registry.add(
        "learnpulse.ingest.jwks-uri",
        () -> "http://127.0.0.1:" + FreePorts.pick() + "/.well-known/jwks.json");
    registry.add("learnpulse.ingest.issuer", () -> TokenIssuer.ISSUER);
    registry.add("spring.kafka.bootstrap-servers", infrastructure::bootstrapServers);
    registry.add("learnpulse.ingest.schema-registry-url", infrastructure::schemaRegistryUrl);
  }

  @Autowired private WebTestClient client;

  @Test
  void answers503WhenTheSigningKeysCannotBeFetched() {
    TestSession session = TestSession.fresh();

    client
        .post()
        .uri(session.eventsPath())
        .header("Authorization", "Bearer " + ISSUER.token(session))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(challengeOpened(UUID.randomUUID(), 1, "c-1"))
        .exchange()
        .expectStatus()
        .isEqualTo(503)
        .expectHeader()
        .exists("Retry-After")
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:learnpulse:problem:keys-unavailable");
    client
        .post()
        .uri(session.beaconPath())
        .contentType(MediaType.TEXT_PLAIN)
        .bodyValue("{\"token\": \"" + ISSUER.token(session) + "\", \"events\": []}")
        .exchange()
        .expectStatus()
        .isEqualTo(503);
  }
}

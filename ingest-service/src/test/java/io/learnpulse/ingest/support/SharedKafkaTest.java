package io.learnpulse.ingest.support;

import io.learnpulse.infra.Infrastructure;
import io.learnpulse.infra.junit.LearnPulseInfrastructure;
import io.learnpulse.schemas.topics.Topics;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The service on a random loopback port against the real shared infrastructure of the test JVM (a
 * KRaft broker and the Confluent-API registry, with the catalog's topics and schemas in place,
 * auto-registration off) and tokens from the shared {@link TokenIssuer}. Subclasses with the same
 * configuration share one Spring context; {@link #topics} probes the activity and heartbeat topics.
 */
@LearnPulseInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
public abstract class SharedKafkaTest {

  /** Issues session tokens the service accepts. */
  protected static final TokenIssuer ISSUER = TokenIssuer.shared();

  /** The activity and heartbeat topics of the shared broker. */
  protected static TopicProbe topics;

  /** A client of the running service. */
  @Autowired protected WebTestClient client;

  /** The actuator port (metrics, health details), separate from the service port. */
  @LocalManagementPort protected int managementPort;

  @DynamicPropertySource
  static void sharedInfrastructure(DynamicPropertyRegistry registry) {
    Infrastructure infrastructure = SharedKafka.prepared();
    registry.add("spring.kafka.bootstrap-servers", infrastructure::bootstrapServers);
    registry.add("learnpulse.ingest.schema-registry-url", infrastructure::schemaRegistryUrl);
    registry.add("learnpulse.ingest.auto-register-schemas", () -> "false");
    registry.add("learnpulse.ingest.jwks-uri", ISSUER::jwksUri);
    registry.add("learnpulse.ingest.issuer", () -> TokenIssuer.ISSUER);
  }

  @BeforeAll
  static void openProbe() {
    Infrastructure infrastructure = SharedKafka.prepared();
    topics =
        TopicProbe.open(
            infrastructure.bootstrapServers(),
            infrastructure.schemaRegistryUrl(),
            List.of(Topics.ACTIVITY.name(), Topics.HEARTBEAT.name()));
  }

  @AfterAll
  static void closeProbe() {
    topics.close();
  }

  @BeforeEach
  void patientClient() {
    // The first write of a context waits for producer metadata: more than the default 5 s on a
    // busy 2-core machine is possible, and the service's own bound is what the tests check.
    client = client.mutate().responseTimeout(Duration.ofSeconds(30)).build();
  }

  /** Posts {@code body} to {@code path} with {@code session}'s Bearer token. */
  protected WebTestClient.ResponseSpec post(
      TestSession session, String path, MediaType type, String body) {
    return client
        .post()
        .uri(path)
        .header("Authorization", "Bearer " + ISSUER.token(session))
        .contentType(type)
        .bodyValue(body)
        .exchange();
  }
}

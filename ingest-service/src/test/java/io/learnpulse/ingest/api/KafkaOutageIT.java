package io.learnpulse.ingest.api;

import static io.learnpulse.ingest.support.PlayerJson.challengeOpened;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.learnpulse.infra.Infrastructure;
import io.learnpulse.infra.junit.LearnPulseInfrastructure;
import io.learnpulse.infra.kafka.FreePorts;
import io.learnpulse.infra.kafka.KraftBroker;
import io.learnpulse.ingest.support.PrometheusScrape;
import io.learnpulse.ingest.support.SharedKafka;
import io.learnpulse.ingest.support.TestSession;
import io.learnpulse.ingest.support.TokenIssuer;
import io.learnpulse.ingest.support.TopicProbe;
import io.learnpulse.schemas.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A broker outage is the service's trouble, answered 503 with {@code Retry-After} within the
 * configured bound (not Kafka's 2-minute default), and traffic is accepted again once the broker is
 * back. The service writes to a broker of its own that this test starts, stops and restarts on the
 * same data directory and ports, so the JVM's shared broker is not disturbed; the registry is the
 * shared one.
 */
@LearnPulseInfrastructure
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"learnpulse.ingest.kafka-send-timeout=5s", "learnpulse.ingest.retry-after=7s"})
@AutoConfigureWebTestClient
@DirtiesContext
class KafkaOutageIT {

  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(5);
  private static final TokenIssuer ISSUER = TokenIssuer.shared();
  private static final Path DATA_DIR = newDataDir();
  private static final int BROKER_PORT = FreePorts.pick();
  private static final int CONTROLLER_PORT = FreePorts.pick();
  private static KraftBroker broker = startBroker();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    Infrastructure shared = SharedKafka.prepared();
    registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + BROKER_PORT);
    registry.add("learnpulse.ingest.schema-registry-url", shared::schemaRegistryUrl);
    registry.add("learnpulse.ingest.jwks-uri", ISSUER::jwksUri);
    registry.add("learnpulse.ingest.issuer", () -> TokenIssuer.ISSUER);
  }

  @AfterAll
  static void stopBroker() throws IOException {
    broker.close();
    try (Stream<Path> paths = Files.walk(DATA_DIR)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @Autowired private WebTestClient client;

  @LocalManagementPort private int managementPort;

  private final TestSession session = TestSession.fresh();

  @Test
  void answers503WhileTheBrokerIsDownAndAcceptsAgainOnceItIsBack() {
    WebTestClient patient = client.mutate().responseTimeout(Duration.ofSeconds(30)).build();
    UUID beforeOutage = UUID.randomUUID();
    post(patient, beforeOutage).expectStatus().isAccepted();

    PrometheusScrape beforeOutage503 = scrape();
    broker.close();
    long started = System.nanoTime();
    post(patient, UUID.randomUUID())
        .expectStatus()
        .isEqualTo(503)
        .expectHeader()
        .valueEquals("Retry-After", "7")
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:learnpulse:problem:store-unavailable");
    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .as("a stopped broker is reported within kafka-send-timeout (plus scheduling slack)")
        .isLessThan(SEND_TIMEOUT.plusSeconds(3));
    PrometheusScrape after503 = scrape();
    Map<String, String> unavailable = Map.of("endpoint", "events", "outcome", "unavailable");
    assertThat(
            after503.value("learnpulse_ingest_requests_total", unavailable)
                - beforeOutage503.value("learnpulse_ingest_requests_total", unavailable))
        .isEqualTo(1);
    Map<String, String> failed = Map.of("outcome", "failed");
    assertThat(
            after503.value("learnpulse_ingest_kafka_send_seconds_count", failed)
                - beforeOutage503.value("learnpulse_ingest_kafka_send_seconds_count", failed))
        .isEqualTo(1);

    broker = startBroker();
    List<UUID> afterOutage = new ArrayList<>();
    await("a request accepted after the broker is back")
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              UUID id = UUID.randomUUID();
              post(patient, id).expectStatus().isAccepted();
              afterOutage.add(id);
            });

    try (TopicProbe probe =
        TopicProbe.open(
            broker.bootstrapServers(),
            SharedKafka.prepared().schemaRegistryUrl(),
            List.of(Topics.ACTIVITY.name()))) {
      List<String> stored =
          probe.recordsSince(Map.of()).stream()
              .map(ConsumerRecord::headers)
              .map(h -> new String(h.lastHeader("ce_id").value()))
              .toList();
      assertThat(stored)
          .as("the record acknowledged before the outage survived it, the one after is there")
          .contains(beforeOutage.toString(), afterOutage.get(afterOutage.size() - 1).toString());
    }
  }

  private PrometheusScrape scrape() {
    return PrometheusScrape.from(managementPort);
  }

  private WebTestClient.ResponseSpec post(WebTestClient client, UUID id) {
    return client
        .post()
        .uri(session.eventsPath())
        .header("Authorization", "Bearer " + ISSUER.token(session))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(challengeOpened(id, 1, "c-1"))
        .exchange();
  }

  private static KraftBroker startBroker() {
    KraftBroker started =
        KraftBroker.builder()
            .dataDir(DATA_DIR)
            .brokerPort(BROKER_PORT)
            .controllerPort(CONTROLLER_PORT)
            .build()
            .start();
    started.createTopics(Topics.ACTIVITY.newTopics((short) 1));
    return started;
  }

  private static Path newDataDir() {
    try {
      Path base = Paths.get(System.getProperty("java.io.tmpdir"));
      Files.createDirectories(base);
      return Files.createTempDirectory(base, "ingest-outage-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

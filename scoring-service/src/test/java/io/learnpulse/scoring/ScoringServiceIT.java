package io.learnpulse.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.learnpulse.events.v1.ChallengeResult;
import io.learnpulse.events.v1.CompletionStatus;
import io.learnpulse.events.v1.LessonStatus;
import io.learnpulse.events.v1.SuccessStatus;
import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.infra.Infrastructure;
import io.learnpulse.infra.http.KeptAliveConnections;
import io.learnpulse.infra.junit.LearnPulseInfrastructure;
import io.learnpulse.infra.oidc.DevIssuer;
import io.learnpulse.schemas.serde.AvroDeserializer;
import io.learnpulse.schemas.serde.AvroSerdeConfig;
import io.learnpulse.schemas.topics.Topics;
import io.learnpulse.scoring.topology.Activity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * scoring-service as deployed, on the real embedded broker and registry: the catalog's topics and
 * schemas exist first (the service runs with auto-registration off), policies and challenge events
 * are produced with the real serde, and topic status is consumed from the broker.
 */
@LearnPulseInfrastructure
@SpringBootTest(
    classes = ScoringApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ScoringServiceIT {

  private static final String APPLICATION_ID = "scoring-it-" + UUID.randomUUID();
  private static final String ASSIGNMENT = "assignment-it-" + UUID.randomUUID();

  /** The admin issuer of the status query (embedded-infra's development OIDC issuer). */
  static final DevIssuer ADMINS = DevIssuer.start();

  @LocalServerPort int port;

  @LocalManagementPort int managementPort;

  private KafkaConsumer<String, TopicStatus> statuses;
  private final List<ConsumerRecord<String, TopicStatus>> seen = new ArrayList<>();

  @BeforeAll
  static void catalogTopicsAndSchemas(Infrastructure infrastructure) {
    infrastructure.prepareCatalog();
  }

  @DynamicPropertySource
  static void service(DynamicPropertyRegistry registry) {
    Infrastructure infrastructure = Infrastructure.shared();
    registry.add("spring.kafka.bootstrap-servers", infrastructure::bootstrapServers);
    registry.add("learnpulse.scoring.schema-registry-url", infrastructure::schemaRegistryUrl);
    registry.add("learnpulse.scoring.application-id", () -> APPLICATION_ID);
    registry.add("learnpulse.scoring.status-auth.admin-issuer-uri", ADMINS::issuerUri);
    registry.add("learnpulse.scoring.status-auth.admin-jwk-set-uri", ADMINS::jwkSetUri);
    registry.add("learnpulse.scoring.status-auth.admin-audience", () -> DevIssuer.AUDIENCE);
    registry.add(
        "learnpulse.scoring.state-dir",
        () -> Path.of(System.getProperty("java.io.tmpdir"), "scoring-it", APPLICATION_ID));
  }

  @BeforeEach
  void subscribe(Infrastructure infrastructure) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "scoring-it-reader-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, infrastructure.schemaRegistryUrl());
    config.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, true);
    statuses = new KafkaConsumer<>(config, new StringDeserializer(), deserializer(config));
    statuses.subscribe(List.of(Topics.TOPIC_STATUS.name()));
  }

  @AfterEach
  void close() {
    statuses.close();
  }

  @Test
  void scoresTheWorkedExamplesFromTheBrokerAndServesTheStatus(Infrastructure infrastructure) {
    Activity finished = new Activity(UUID.randomUUID()).started().workedExampleA().solve("b", 0, 0);
    Activity onlyA = new Activity(UUID.randomUUID()).started().workedExampleA().opened("b");

    try (KafkaProducer<String, Object> policies =
            ScoringItFixtures.avroProducer(infrastructure, Topics.ASSIGNMENT);
        KafkaProducer<String, Object> activity =
            ScoringItFixtures.avroProducer(infrastructure, Topics.ACTIVITY)) {
      policies.send(
          new ProducerRecord<>(
              Topics.ASSIGNMENT.name(), ASSIGNMENT, ScoringItFixtures.policy(ASSIGNMENT)));
      policies.flush();
      for (Activity learner : List.of(finished, onlyA)) {
        for (SpecificRecord record : learner.records()) {
          activity.send(
              new ProducerRecord<>(
                  Topics.ACTIVITY.name(),
                  learner.key(),
                  ScoringItFixtures.retarget(record, ASSIGNMENT)));
        }
      }
      activity.flush();
    }

    TopicStatus done = awaitStatus(finished, s -> s.getFinished());
    assertThat(done.getRawScore()).isEqualTo(87.5);
    assertThat(done.getScaledScore()).isEqualTo(0.875);
    assertThat(done.getCompletionStatus()).isEqualTo(CompletionStatus.COMPLETED);
    assertThat(done.getSuccessStatus()).isEqualTo(SuccessStatus.PASSED);
    assertThat(done.getLessonStatus()).isEqualTo(LessonStatus.PASSED);
    assertThat(done.getPolicyVersion()).isEqualTo(1);
    assertThat(done.getChallenges()).extracting(ChallengeResult::getScore).containsExactly(75, 100);

    TopicStatus partial =
        awaitStatus(onlyA, s -> s.getRawScore() != null && s.getChallenges().get(1).getOpened());
    assertThat(partial.getRawScore()).isEqualTo(75.0);
    assertThat(partial.getCompletionStatus()).isEqualTo(CompletionStatus.INCOMPLETE);
    assertThat(partial.getSuccessStatus()).isEqualTo(SuccessStatus.UNKNOWN);
    assertThat(partial.getLessonStatus()).isEqualTo(LessonStatus.INCOMPLETE);

    WebTestClient http =
        WebTestClient.bindToServer()
            .baseUrl("http://127.0.0.1:" + port)
            .responseTimeout(Duration.ofSeconds(10))
            .build();
    http.get().uri("/readyz").exchange().expectStatus().isOk();
    http.get()
        .uri("/v1/registrations/{id}/topics/{topic}/status", finished.key(), Activity.TOPIC)
        .exchange()
        .expectStatus()
        .isUnauthorized();
    http.get()
        .uri("/v1/registrations/{id}/topics/{topic}/status", finished.key(), Activity.TOPIC)
        .header("Authorization", adminToken(Activity.TENANT))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.rawScore")
        .isEqualTo(87.5)
        .jsonPath("$.lessonStatus")
        .isEqualTo("passed");
  }

  @Test
  void countsEventsForUnknownChallengesAtThePrometheusEndpoint(Infrastructure infrastructure) {
    Activity learner = new Activity(UUID.randomUUID()).opened("a").opened("not-in-assignment");
    try (KafkaProducer<String, Object> policies =
            ScoringItFixtures.avroProducer(infrastructure, Topics.ASSIGNMENT);
        KafkaProducer<String, Object> activity =
            ScoringItFixtures.avroProducer(infrastructure, Topics.ACTIVITY)) {
      policies.send(
          new ProducerRecord<>(
              Topics.ASSIGNMENT.name(), ASSIGNMENT, ScoringItFixtures.policy(ASSIGNMENT)));
      policies.flush();
      for (SpecificRecord record : learner.records()) {
        activity.send(
            new ProducerRecord<>(
                Topics.ACTIVITY.name(),
                learner.key(),
                ScoringItFixtures.retarget(record, ASSIGNMENT)));
      }
      activity.flush();
    }
    awaitStatus(learner, s -> s.getChallenges().get(0).getOpened());

    // Metrics are on the management port only (issue 10); the service port answers health alone.
    WebTestClient http =
        WebTestClient.bindToServer()
            .baseUrl("http://127.0.0.1:" + managementPort)
            .responseTimeout(Duration.ofSeconds(10))
            .build();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        http.get()
                            .uri("/actuator/prometheus")
                            .exchange()
                            .expectStatus()
                            .isOk()
                            .expectBody(String.class)
                            .returnResult()
                            .getResponseBody())
                    .containsPattern(
                        "(?m)^learnpulse_scoring_rejected_total\\{[^}]*reason=\"unknown-challenge\""
                            + "[^}]*} [1-9]")
                    .contains("learnpulse_scoring_rejected_total{")
                    .contains("reason=\"other-assignment\""));
  }

  @Test
  void actuatorIsOnTheManagementPortOnlyAndTheServicePortAnswersTheStatus() {
    WebTestClient service =
        WebTestClient.bindToServer()
            .baseUrl("http://127.0.0.1:" + port)
            .responseTimeout(Duration.ofSeconds(10))
            .build();
    WebTestClient management =
        WebTestClient.bindToServer()
            .baseUrl("http://127.0.0.1:" + managementPort)
            .responseTimeout(Duration.ofSeconds(10))
            .build();
    assertThat(managementPort).isNotEqualTo(port);
    for (String path :
        List.of(
            "/actuator/prometheus",
            "/actuator",
            "/actuator/info",
            "/actuator/health",
            "/actuator/health/readiness")) {
      service.get().uri(path).exchange().expectStatus().isNotFound();
    }
    management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
    for (String path : List.of("/healthz", "/livez", "/readyz")) {
      String body =
          service
              .get()
              .uri(path)
              .exchange()
              .expectStatus()
              .isOk()
              .expectBody(String.class)
              .returnResult()
              .getResponseBody();
      assertThat(body).as(path + ": the status only").isEqualTo("{\"status\":\"UP\"}");
    }
  }

  /**
   * Every request on a kept-alive connection is answered, also one that arrives while the previous
   * exchange is still ending: pipelined pairs and prompt follow-ups to paths answered on the event
   * loop (404) and off it (health, token verification). Reactor Netty 1.3.6 left such a connection
   * unread for good, which is how {@link
   * #actuatorIsOnTheManagementPortOnlyAndTheServicePortAnswersTheStatus} once timed out in CI (ADR
   * 32). A plain-socket client, so that the report names the connection and the request that hung;
   * a pooled client would hide or retry them.
   */
  @Test
  void answersEveryRequestOnKeptAliveConnections() throws InterruptedException {
    Map<String, Integer> expected =
        KeptAliveConnections.probesAndMissingPathsWith(
            "/v1/registrations/r-1/topics/t-1/status", 401);
    KeptAliveConnections.Report report =
        new KeptAliveConnections(port, Duration.ofSeconds(10))
            .run(16, 20, List.copyOf(expected.keySet()), Map.of("Authorization", "Bearer x.y.z"));

    assertThat(report.unanswered()).as("requests without an answer").isEmpty();
    assertThat(report.unexpected(expected)).isEmpty();
  }

  private TopicStatus awaitStatus(Activity learner, Predicate<TopicStatus> condition) {
    String key = Topics.topicStatusKey(learner.registration(), Activity.TOPIC);
    return await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              statuses.poll(Duration.ofMillis(200)).forEach(seen::add);
              return seen.stream()
                  .filter(r -> r.key().equals(key))
                  .map(ConsumerRecord::value)
                  .filter(condition)
                  .reduce((first, second) -> second)
                  .orElse(null);
            },
            status -> status != null);
  }

  private static AvroDeserializer<TopicStatus> deserializer(Map<String, Object> config) {
    AvroDeserializer<TopicStatus> values = new AvroDeserializer<>();
    values.configure(config, false);
    return values;
  }

  /** An admin token of {@code tenant} from {@link #ADMINS}, as an {@code Authorization} value. */
  static String adminToken(String tenant) {
    return "Bearer " + ADMINS.mint("it-admin", tenant, List.of("admin"), Duration.ofMinutes(10));
  }
}

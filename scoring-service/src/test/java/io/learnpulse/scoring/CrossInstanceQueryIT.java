package io.learnpulse.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.learnpulse.infra.Infrastructure;
import io.learnpulse.infra.junit.LearnPulseInfrastructure;
import io.learnpulse.infra.oidc.DevIssuer;
import io.learnpulse.schemas.topics.Topics;
import io.learnpulse.scoring.topology.Activity;
import io.learnpulse.scoring.topology.TestStateDirs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Two instances of scoring-service (two Spring contexts on ports of their own, one application id)
 * on the shared embedded broker: the registrations' partitions are split between them, and each
 * answers the status of every registration, from its own store or from the other's.
 */
@LearnPulseInfrastructure
class CrossInstanceQueryIT {

  private static final String APPLICATION_ID = "scoring-query-it-" + UUID.randomUUID();
  private static final String ASSIGNMENT = "assignment-query-it-" + UUID.randomUUID();
  private static final int LEARNERS = 24;

  private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

  @BeforeAll
  static void catalogTopicsAndSchemas(Infrastructure infrastructure) throws Exception {
    ScoringServiceIT.catalogTopicsAndSchemas(infrastructure);
  }

  @AfterEach
  void stopInstances() {
    instances.forEach(ConfigurableApplicationContext::close);
  }

  @Test
  void everyInstanceAnswersForEveryRegistration(Infrastructure infrastructure) {
    ConfigurableApplicationContext first = start(infrastructure);
    ConfigurableApplicationContext second = start(infrastructure);
    await()
        .atMost(Duration.ofSeconds(120))
        .until(() -> hostsActiveTasks(first) && hostsActiveTasks(second));

    List<Activity> learners = new ArrayList<>();
    for (int i = 0; i < LEARNERS; i++) {
      learners.add(new Activity(UUID.randomUUID()).started().workedExampleA().solve("b", 0, 0));
    }
    produce(infrastructure, learners);

    Map<String, Integer> answeredForTheOther = new HashMap<>();
    for (ConfigurableApplicationContext instance : List.of(first, second)) {
      WebTestClient http = http(instance);
      for (Activity learner : learners) {
        EntityExchangeResult<byte[]> answer =
            await()
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(
                    () ->
                        http.get()
                            .uri(
                                "/v1/registrations/{id}/topics/{topic}/status",
                                learner.key(),
                                Activity.TOPIC)
                            .header("Authorization", ScoringServiceIT.adminToken(Activity.TENANT))
                            .exchange()
                            .expectBody()
                            .returnResult(),
                    result -> result.getStatus().value() == 200 && finished(result));
        answer
            .getResponseHeaders()
            .forEach(
                (name, values) ->
                    assertThat(values)
                        .as("no instance address in header %s", name)
                        .noneMatch(v -> v.contains("127.0.0.1")));
        if (!hostOf(instance, learner).equals(self(instance))) {
          answeredForTheOther.merge(self(instance), 1, Integer::sum);
        }
      }
    }

    assertThat(answeredForTheOther.get(self(first)))
        .as("the first instance answers for registrations the second hosts")
        .isPositive();
    assertThat(answeredForTheOther.get(self(second)))
        .as("the second instance answers for registrations the first hosts")
        .isPositive();
  }

  private static String hostOf(ConfigurableApplicationContext context, Activity learner) {
    org.apache.kafka.streams.KeyQueryMetadata metadata =
        context
            .getBean(StreamsBuilderFactoryBean.class)
            .getKafkaStreams()
            .queryMetadataForKey(
                io.learnpulse.scoring.topology.ScoringTopology.REGISTRATION_STORE,
                learner.key(),
                new org.apache.kafka.common.serialization.StringSerializer());
    return metadata.activeHost().host() + ":" + metadata.activeHost().port();
  }

  private static boolean finished(EntityExchangeResult<byte[]> result) {
    String body =
        new String(result.getResponseBodyContent(), java.nio.charset.StandardCharsets.UTF_8);
    return body.contains("\"rawScore\":87.5") && body.contains("\"lessonStatus\":\"passed\"");
  }

  private ConfigurableApplicationContext start(Infrastructure infrastructure) {
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(ScoringApplication.class)
            // command-line arguments: they take precedence over application.yml
            .run(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--management.server.port=0", // two instances: no fixed management port
                "--spring.kafka.bootstrap-servers=" + infrastructure.bootstrapServers(),
                "--learnpulse.scoring.schema-registry-url=" + infrastructure.schemaRegistryUrl(),
                "--learnpulse.scoring.application-id=" + APPLICATION_ID,
                "--learnpulse.scoring.advertised-host=127.0.0.1",
                "--learnpulse.scoring.status-auth.admin-issuer-uri="
                    + ScoringServiceIT.ADMINS.issuerUri(),
                "--learnpulse.scoring.status-auth.admin-jwk-set-uri="
                    + ScoringServiceIT.ADMINS.jwkSetUri(),
                "--learnpulse.scoring.status-auth.admin-audience=" + DevIssuer.AUDIENCE,
                "--learnpulse.scoring.state-dir=" + TestStateDirs.fresh("scoring-query-it-"));
    instances.add(context);
    return context;
  }

  private static boolean hostsActiveTasks(ConfigurableApplicationContext context) {
    KafkaStreams streams = context.getBean(StreamsBuilderFactoryBean.class).getKafkaStreams();
    return streams != null
        && streams.state() == KafkaStreams.State.RUNNING
        && streams.metadataForLocalThreads().stream().anyMatch(t -> !t.activeTasks().isEmpty())
        && streams.metadataForAllStreamsClients().size() == 2;
  }

  private static int port(ConfigurableApplicationContext context) {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  private static String self(ConfigurableApplicationContext context) {
    return "127.0.0.1:" + port(context);
  }

  private static WebTestClient http(ConfigurableApplicationContext context) {
    return WebTestClient.bindToServer()
        .baseUrl("http://" + self(context))
        // generous: the first token verification fetches the issuer's keys, on a loaded machine
        .responseTimeout(Duration.ofSeconds(30))
        .build();
  }

  private static void produce(Infrastructure infrastructure, List<Activity> learners) {
    try (KafkaProducer<String, Object> policies =
            ScoringItFixtures.avroProducer(infrastructure, Topics.ASSIGNMENT);
        KafkaProducer<String, Object> activity =
            ScoringItFixtures.avroProducer(infrastructure, Topics.ACTIVITY)) {
      policies.send(
          new ProducerRecord<>(
              Topics.ASSIGNMENT.name(), ASSIGNMENT, ScoringItFixtures.policy(ASSIGNMENT)));
      policies.flush();
      for (Activity learner : learners) {
        for (SpecificRecord record : learner.records()) {
          int field = record.getSchema().getField("assignmentId").pos();
          record.put(field, ASSIGNMENT);
          activity.send(new ProducerRecord<>(Topics.ACTIVITY.name(), learner.key(), record));
        }
      }
      activity.flush();
    }
  }
}

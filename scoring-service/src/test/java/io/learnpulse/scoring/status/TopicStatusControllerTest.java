package io.learnpulse.scoring.status;

import io.learnpulse.events.v1.AssignmentPolicy;
import io.learnpulse.schemas.topics.Topics;
import io.learnpulse.scoring.topology.Activity;
import io.learnpulse.scoring.topology.Policy;
import io.learnpulse.scoring.topology.ScoringMetrics;
import io.learnpulse.scoring.topology.ScoringSerdes;
import io.learnpulse.scoring.topology.ScoringTopology;
import io.learnpulse.scoring.topology.TestSerdes;
import io.learnpulse.scoring.topology.TestStateDirs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

/** The status endpoint over the topology's real status store (on TopologyTestDriver). */
class TopicStatusControllerTest {

  private final ScoringSerdes serdes = TestSerdes.scoringSerdes();
  private TopologyTestDriver driver;
  private WebTestClient client;

  @BeforeEach
  void start() {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "scoring-status-test");
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    config.put(StreamsConfig.STATE_DIR_CONFIG, TestStateDirs.fresh("scoring-ttd-").toString());
    driver =
        new TopologyTestDriver(
            new ScoringTopology(serdes, new ScoringMetrics(new SimpleMeterRegistry())).build(),
            config);
    TopicStatusStore store =
        new TopicStatusStore(
            () -> driver.getKeyValueStore(ScoringTopology.STATUS_STORE),
            serdes.topicStatus().deserializer());
    this.store = store;
    client = controller(store, new StatusLocator.Here());
  }

  private TopicStatusStore store;

  /** A locator that always answers {@code location}; the real one is exercised by the ITs. */
  private record Fixed(StatusLocator.Location location) implements StatusLocator {
    @Override
    public Location locate(String registrationId) {
      return location;
    }

    @Override
    public String self() {
      return "127.0.0.1:8082";
    }
  }

  private static WebTestClient controller(TopicStatusStore store, StatusLocator.Location location) {
    return WebTestClient.bindToController(
            new TopicStatusController(store, new Fixed(location), WebClient.create()))
        .build();
  }

  @AfterEach
  void close() {
    driver.close();
  }

  @Test
  void answersTheWorkedExampleStatusFromTheStore() {
    TestInputTopic<String, AssignmentPolicy> assignments =
        driver.createInputTopic(
            Topics.ASSIGNMENT.name(),
            Serdes.String().serializer(),
            serdes.assignment().serializer());
    TestInputTopic<String, SpecificRecord> activity =
        driver.createInputTopic(
            Topics.ACTIVITY.name(), Serdes.String().serializer(), serdes.activity().serializer());
    assignments.pipeInput(Activity.ASSIGNMENT, Policy.standard(1).build());
    Activity learner = new Activity(UUID.randomUUID()).workedExampleA().solve("b", 0, 0);
    learner.records().forEach(r -> activity.pipeInput(learner.key(), r));

    client
        .get()
        .uri("/v1/registrations/{id}/topics/{topic}/status", learner.key(), Activity.TOPIC)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.rawScore")
        .isEqualTo(87.5)
        .jsonPath("$.scaledScore")
        .isEqualTo(0.875)
        .jsonPath("$.completionStatus")
        .isEqualTo("completed")
        .jsonPath("$.successStatus")
        .isEqualTo("passed")
        .jsonPath("$.lessonStatus")
        .isEqualTo("passed")
        .jsonPath("$.policyVersion")
        .isEqualTo(1)
        .jsonPath("$.challenges[0].score")
        .isEqualTo(75)
        .jsonPath("$.challenges[1].correctOnFirstTry")
        .isEqualTo(true);
  }

  @Test
  void unknownRegistrationIsAProblem404() {
    client
        .get()
        .uri("/v1/registrations/{id}/topics/{topic}/status", UUID.randomUUID(), Activity.TOPIC)
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo(404);
  }

  @Test
  void storeNotQueryableYetIsAProblem503() {
    TopicStatusStore unavailable =
        new TopicStatusStore(
            () -> {
              throw new InvalidStateStoreException("rebalancing");
            },
            serdes.topicStatus().deserializer());
    WebTestClient rebalancing = controller(unavailable, new StatusLocator.Here());

    rebalancing
        .get()
        .uri("/v1/registrations/{id}/topics/{topic}/status", UUID.randomUUID(), Activity.TOPIC)
        .exchange()
        .expectStatus()
        .isEqualTo(503)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void forwardedQueryForARegistrationHostedElsewhereIsNotForwardedAgain() {
    WebTestClient moved = controller(store, new StatusLocator.There("127.0.0.1", 8083));

    moved
        .get()
        .uri("/v1/registrations/{id}/topics/{topic}/status", UUID.randomUUID(), Activity.TOPIC)
        .header(TopicStatusController.FORWARDED_BY, "127.0.0.1:8084")
        .exchange()
        .expectStatus()
        .isEqualTo(503)
        .expectHeader()
        .valueEquals("Retry-After", "1")
        .expectBody()
        .jsonPath("$.detail")
        .value(
            detail ->
                org.assertj.core.api.Assertions.assertThat((String) detail)
                    .contains("forwarded by 127.0.0.1:8084"));
  }

  @Test
  void registrationOnAnInstanceThatDoesNotAnswerIsA503() {
    WebTestClient unreachable = controller(store, new StatusLocator.There("127.0.0.1", 1));

    unreachable
        .get()
        .uri("/v1/registrations/{id}/topics/{topic}/status", UUID.randomUUID(), Activity.TOPIC)
        .exchange()
        .expectStatus()
        .isEqualTo(503);
  }

  @Test
  void registrationThatCannotBeLocatedIsA503() {
    WebTestClient starting = controller(store, new StatusLocator.Unknown("rebalancing"));

    starting
        .get()
        .uri("/v1/registrations/{id}/topics/{topic}/status", UUID.randomUUID(), Activity.TOPIC)
        .exchange()
        .expectStatus()
        .isEqualTo(503)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }
}

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
    client = WebTestClient.bindToController(new TopicStatusController(store)).build();
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
    WebTestClient rebalancing =
        WebTestClient.bindToController(new TopicStatusController(unavailable)).build();

    rebalancing
        .get()
        .uri("/v1/registrations/{id}/topics/{topic}/status", UUID.randomUUID(), Activity.TOPIC)
        .exchange()
        .expectStatus()
        .isEqualTo(503)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }
}

package io.learnpulse.scoring.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.events.v1.AnswerOutcome;
import io.learnpulse.events.v1.AssignmentPolicy;
import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.infra.oidc.DevIssuer;
import io.learnpulse.schemas.topics.Topics;
import io.learnpulse.schemas.wire.ProblemType;
import io.learnpulse.scoring.ScoringProperties.StatusAuth;
import io.learnpulse.scoring.domain.StateLimits;
import io.learnpulse.scoring.topology.Activity;
import io.learnpulse.scoring.topology.Policy;
import io.learnpulse.scoring.topology.ScoringSerdes;
import io.learnpulse.scoring.topology.ScoringTopology;
import io.learnpulse.scoring.topology.TestDrivers;
import io.learnpulse.scoring.topology.TestSerdes;
import io.learnpulse.scoring.topology.TopicStatusReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The status endpoint over the topology's real stores (on TopologyTestDriver), with tokens of two
 * real issuers (embedded-infra's development OIDC issuer): one for admins, one standing in for
 * lms-sync-service's session and bridge tokens.
 */
class TopicStatusControllerTest {

  private static final String PATH = "/v1/registrations/{id}/topics/{topic}/status";
  private static DevIssuer admins;
  private static DevIssuer lmsSync;
  private static StatusAuthenticator authenticator;

  private final ScoringSerdes serdes = TestSerdes.scoringSerdes();
  private TopologyTestDriver driver;
  private WebTestClient client;

  @BeforeAll
  static void startIssuers() {
    admins = DevIssuer.start();
    lmsSync = DevIssuer.start();
    authenticator =
        new StatusAuthenticator(
            new StatusAuth(
                admins.issuerUri(),
                admins.jwkSetUri(),
                DevIssuer.AUDIENCE,
                lmsSync.issuerUri(),
                lmsSync.jwkSetUri(),
                Duration.ofSeconds(60)));
  }

  @AfterAll
  static void stopIssuers() {
    admins.close();
    lmsSync.close();
  }

  private static String admin(String tenant, String... roles) {
    return "Bearer " + admins.mint("admin-1", tenant, List.of(roles), Duration.ofMinutes(5));
  }

  private static String session(String registrationId, String tenant) {
    return "Bearer "
        + lmsSync.mint(
            Activity.LEARNER,
            Duration.ofMinutes(5),
            Map.of(
                "aud", StatusAuthenticator.INGEST_AUDIENCE, "reg", registrationId, "tid", tenant));
  }

  /** A scored registration of {@link Activity#TENANT}. */
  private Activity scored() {
    TestInputTopic<String, AssignmentPolicy> assignments = TestDrivers.assignments(driver, serdes);
    TestInputTopic<String, SpecificRecord> activity = TestDrivers.activity(driver, serdes);
    assignments.pipeInput(Activity.ASSIGNMENT, Policy.standard(1).build());
    Activity learner = new Activity(UUID.randomUUID()).workedExampleA().solve("b", 0, 0);
    learner.records().forEach(r -> activity.pipeInput(learner.key(), r));
    return learner;
  }

  @BeforeEach
  void start() {
    driver = TestDrivers.scoring(serdes, "scoring-status-test");
    TopicStatusStore store =
        new TopicStatusStore(
            registrationId ->
                new TopicStatusStore.TaskStores(
                    driver.<String, byte[]>getKeyValueStore(ScoringTopology.REGISTRATION_STORE),
                    driver.<String, byte[]>getKeyValueStore(ScoringTopology.POLICY_STORE)),
            new TopicStatusReader(serdes, StateLimits.DEFAULTS));
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
            new TopicStatusController(
                store, new Fixed(location), WebClient.create(), authenticator))
        .build();
  }

  @AfterEach
  void close() {
    driver.close();
  }

  @Test
  void answersTheWorkedExampleStatusToAnAdminOfTheTenant() {
    Activity learner = scored();

    client
        .get()
        .uri(PATH, learner.key(), Activity.TOPIC)
        .header("Authorization", admin(Activity.TENANT, "admin"))
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

  /**
   * The status is computed on read (ADR 38) and is the one last published on the status topic for
   * the registration and topic after every record: an event that changes only when the topic was
   * updated publishes nothing and the endpoint keeps the published {@code updatedAt}; policy
   * versions that change the status and one that only changes its version.
   */
  @Test
  void answersTheStatusLastPublishedOnTheTopicAfterEveryRecord() {
    TestInputTopic<String, AssignmentPolicy> assignments = TestDrivers.assignments(driver, serdes);
    TestInputTopic<String, SpecificRecord> activity = TestDrivers.activity(driver, serdes);
    TestOutputTopic<String, TopicStatus> published = TestDrivers.statuses(driver, serdes);
    Activity learner =
        new Activity(UUID.randomUUID())
            .started()
            .opened("a")
            .hint("a", 0)
            .answer("a", AnswerOutcome.INCORRECT)
            .opened("a") // a redelivered fact, later: only updatedAt would change
            .answer("a", AnswerOutcome.CORRECT)
            .opened("b")
            .answer("b", AnswerOutcome.CORRECT);
    List<Runnable> inputs = new ArrayList<>();
    inputs.add(() -> assignments.pipeInput(Activity.ASSIGNMENT, Policy.standard(1).build()));
    learner.records().forEach(r -> inputs.add(() -> activity.pipeInput(learner.key(), r)));
    inputs.add(
        5,
        () ->
            assignments.pipeInput(
                Activity.ASSIGNMENT, Policy.standard(2).setHintPenalty(20).build()));
    inputs.add(
        () ->
            assignments.pipeInput(
                Activity.ASSIGNMENT, Policy.standard(3).setPassingScore(60).build()));
    inputs.add(
        () ->
            assignments.pipeInput(
                Activity.ASSIGNMENT, Policy.standard(4).setPassingScore(60).build()));
    String key = Topics.topicStatusKey(learner.key(), Activity.TOPIC);

    TopicStatus last = null;
    int unpublished = 0;
    for (Runnable input : inputs) {
      input.run();
      List<TopicStatus> now =
          published.readKeyValuesToList().stream()
              .filter(r -> r.key.equals(key))
              .map(r -> r.value)
              .toList();
      if (now.isEmpty()) {
        unpublished++;
      } else {
        last = now.get(now.size() - 1);
      }
      if (last == null) {
        continue;
      }
      TopicStatusView answered =
          client
              .get()
              .uri(PATH, learner.key(), Activity.TOPIC)
              .header("Authorization", admin(Activity.TENANT, "admin"))
              .exchange()
              .expectStatus()
              .isOk()
              .expectBody(TopicStatusView.class)
              .returnResult()
              .getResponseBody();
      assertThat(answered).isEqualTo(TopicStatusView.of(last));
    }
    assertThat(unpublished).as("records after which nothing was published").isGreaterThan(1);
    assertThat(last.getPolicyVersion()).isEqualTo(4);
  }

  @Test
  void unknownRegistrationIsAProblem404() {
    client
        .get()
        .uri(PATH, UUID.randomUUID(), Activity.TOPIC)
        .header("Authorization", admin(Activity.TENANT, "admin"))
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
            registrationId -> {
              throw new InvalidStateStoreException("rebalancing");
            },
            new TopicStatusReader(serdes, StateLimits.DEFAULTS));
    WebTestClient rebalancing = controller(unavailable, new StatusLocator.Here());

    rebalancing
        .get()
        .uri(PATH, UUID.randomUUID(), Activity.TOPIC)
        .header("Authorization", admin(Activity.TENANT, "admin"))
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
        .uri(PATH, UUID.randomUUID(), Activity.TOPIC)
        .header("Authorization", admin(Activity.TENANT, "admin"))
        .header(TopicStatusController.FORWARDED_BY, "127.0.0.1:8084")
        .exchange()
        .expectStatus()
        .isEqualTo(503)
        .expectHeader()
        .valueEquals("Retry-After", "1")
        .expectBody(String.class)
        .value(body -> assertThat(body).doesNotContain("127.0.0.1").doesNotContain("808"));
  }

  @Test
  void registrationOnAnInstanceThatDoesNotAnswerIsA503() {
    WebTestClient unreachable = controller(store, new StatusLocator.There("127.0.0.1", 1));

    unreachable
        .get()
        .uri(PATH, UUID.randomUUID(), Activity.TOPIC)
        .header("Authorization", admin(Activity.TENANT, "admin"))
        .exchange()
        .expectStatus()
        .isEqualTo(503);
  }

  @Test
  void registrationThatCannotBeLocatedIsA503() {
    WebTestClient starting = controller(store, new StatusLocator.Unknown("rebalancing"));

    starting
        .get()
        .uri(PATH, UUID.randomUUID(), Activity.TOPIC)
        .header("Authorization", admin(Activity.TENANT, "admin"))
        .exchange()
        .expectStatus()
        .isEqualTo(503)
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void queryWithoutATokenIsA401Problem() {
    Activity learner = scored();

    client
        .get()
        .uri(PATH, learner.key(), Activity.TOPIC)
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueEquals("WWW-Authenticate", "Bearer")
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo(ProblemType.INVALID_TOKEN.uri().toString());
  }

  @Test
  void forgedAndExpiredTokensAreA401() {
    Activity learner = scored();
    try (DevIssuer forger = DevIssuer.start()) {
      String forged =
          forger.mint(
              "admin-1",
              Duration.ofMinutes(5),
              Map.of(
                  "iss",
                  admins.issuerUri().toString(),
                  "tenant",
                  Activity.TENANT,
                  "roles",
                  List.of("admin")));
      String expired =
          admins.mint("admin-1", Activity.TENANT, List.of("admin"), Duration.ofMinutes(-10));

      for (String token : List.of(forged, expired, "not-a-jwt")) {
        client
            .get()
            .uri(PATH, learner.key(), Activity.TOPIC)
            .header("Authorization", "Bearer " + token)
            .exchange()
            .expectStatus()
            .isUnauthorized()
            .expectBody()
            .jsonPath("$.type")
            .isEqualTo(ProblemType.INVALID_TOKEN.uri().toString());
      }
    }
  }

  @Test
  void adminOfAnotherTenantGetsTheSame404AsForAMissingStatus() {
    Activity learner = scored();

    client
        .get()
        .uri(PATH, learner.key(), Activity.TOPIC)
        .header("Authorization", admin("tenant-other", "admin"))
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo(ProblemType.NOT_FOUND.uri().toString())
        .jsonPath("$.rawScore")
        .doesNotExist();
  }

  @Test
  void adminWithoutAReadingRoleIsA403() {
    Activity learner = scored();

    client
        .get()
        .uri(PATH, learner.key(), Activity.TOPIC)
        .header("Authorization", admin(Activity.TENANT, "learner"))
        .exchange()
        .expectStatus()
        .isForbidden()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo(ProblemType.FORBIDDEN.uri().toString());
  }

  @Test
  void theRegistrationsOwnSessionTokenReadsItAndNoOtherRegistration() {
    Activity learner = scored();

    client
        .get()
        .uri(PATH, learner.key(), Activity.TOPIC)
        .header("Authorization", session(learner.key(), Activity.TENANT))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.rawScore")
        .isEqualTo(87.5);
    client
        .get()
        .uri(PATH, learner.key(), Activity.TOPIC)
        .header("Authorization", session(UUID.randomUUID().toString(), Activity.TENANT))
        .exchange()
        .expectStatus()
        .isForbidden();
  }

  @Test
  void noResponseNamesAnInstanceAddress() {
    Activity learner = scored();

    EntityExchangeResult<String> answer =
        client
            .get()
            .uri(PATH, learner.key(), Activity.TOPIC)
            .header("Authorization", admin("*", "analyst"))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult();

    assertThat(answer.getResponseHeaders().headerNames())
        .noneMatch(name -> name.equalsIgnoreCase("LearnPulse-Served-By"));
    answer
        .getResponseHeaders()
        .forEach((name, values) -> assertThat(values).noneMatch(v -> v.contains("127.0.0.1")));
    assertThat(answer.getResponseBody()).doesNotContain("127.0.0.1").doesNotContain("8082");
  }
}

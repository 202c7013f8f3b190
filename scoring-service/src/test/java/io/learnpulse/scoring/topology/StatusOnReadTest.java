package io.learnpulse.scoring.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.events.v1.AnswerOutcome;
import io.learnpulse.events.v1.AnswerSubmitted;
import io.learnpulse.events.v1.AssignmentPolicy;
import io.learnpulse.events.v1.ChallengeOpened;
import io.learnpulse.events.v1.CompletionMode;
import io.learnpulse.events.v1.EventMetadata;
import io.learnpulse.events.v1.HintRevealed;
import io.learnpulse.events.v1.StepReached;
import io.learnpulse.events.v1.TopicDefinition;
import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.schemas.topics.Topics;
import io.learnpulse.scoring.domain.StateLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ADR 38: the status computed on read from the registration and policy stores is, after every
 * record, the one last published on the status topic for that registration and topic, and there is
 * none where nothing was published. Seeded random activity of several registrations over two topics
 * (out of order, redelivered, every event kind) mixed with policy versions of every mode and random
 * numbers.
 */
class StatusOnReadTest {

  private static final String ASSIGNMENT = "assignment-read";
  private static final String TENANT = "tenant-read";
  private static final List<String> TOPICS = List.of("topic-1", "topic-2");
  private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

  private final ScoringSerdes serdes = TestSerdes.scoringSerdes();
  private TopologyTestDriver driver;

  @BeforeEach
  void startDriver() {
    driver = TestDrivers.scoring(serdes, "scoring-read-test");
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  @Test
  void theStatusReadIsTheLastPublishedOneAfterEveryRecord() {
    TestInputTopic<String, SpecificRecord> activity = TestDrivers.activity(driver, serdes);
    TestInputTopic<String, AssignmentPolicy> assignments = TestDrivers.assignments(driver, serdes);
    TestOutputTopic<String, TopicStatus> statuses = TestDrivers.statuses(driver, serdes);
    KeyValueStore<String, byte[]> registrationStore =
        driver.getKeyValueStore(ScoringTopology.REGISTRATION_STORE);
    KeyValueStore<String, byte[]> policyStore =
        driver.getKeyValueStore(ScoringTopology.POLICY_STORE);
    TopicStatusReader reader = new TopicStatusReader(serdes, StateLimits.DEFAULTS);
    Random random = new Random(38);
    List<UUID> registrations = new ArrayList<>();
    for (int r = 0; r < 8; r++) {
      registrations.add(new UUID(random.nextLong(), random.nextLong()));
    }
    Map<String, TopicStatus> lastPublished = new HashMap<>();
    List<SpecificRecord> sent = new ArrayList<>();
    int policyVersion = 0;
    int nothingPublished = 0;

    for (int step = 0; step < 300; step++) {
      int dice = random.nextInt(100);
      if (dice < 5 || policyVersion == 0 && dice < 20) {
        assignments.pipeInput(ASSIGNMENT, policy(++policyVersion, random));
      } else if (dice < 8 && !sent.isEmpty()) {
        SpecificRecord again = sent.get(random.nextInt(sent.size())); // a redelivery
        activity.pipeInput(registrationOf(again), again);
      } else {
        UUID registration = registrations.get(random.nextInt(registrations.size()));
        SpecificRecord event = event(registration, random);
        sent.add(event);
        activity.pipeInput(registration.toString(), event);
      }
      List<KeyValue<String, TopicStatus>> published = statuses.readKeyValuesToList();
      published.forEach(status -> lastPublished.put(status.key, status.value));
      nothingPublished += published.isEmpty() ? 1 : 0;

      for (UUID registration : registrations) {
        for (String topic : TOPICS) {
          TopicStatus expected = lastPublished.get(Topics.topicStatusKey(registration, topic));
          TopicStatus read =
              reader
                  .find(registrationStore, policyStore, registration.toString(), topic)
                  .orElse(null);
          assertThat(read).as("step %d, %s/%s", step, registration, topic).isEqualTo(expected);
        }
      }
    }
    assertThat(lastPublished).hasSizeGreaterThan(10);
    assertThat(policyVersion).isGreaterThan(8);
    assertThat(nothingPublished).isGreaterThan(25);
  }

  private static String registrationOf(SpecificRecord record) {
    EventMetadata metadata =
        (EventMetadata) record.get(record.getSchema().getField("metadata").pos());
    return metadata.getRegistrationId().toString();
  }

  private static AssignmentPolicy policy(int version, Random random) {
    List<TopicDefinition> topics = new ArrayList<>();
    for (int t = 0; t < TOPICS.size(); t++) {
      List<String> challenges = new ArrayList<>(List.of("c1", "c2", "c3"));
      if (random.nextBoolean()) {
        challenges.remove(random.nextInt(challenges.size())); // a challenge left out
      }
      topics.add(
          TopicDefinition.newBuilder()
              .setTopicId(TOPICS.get(t))
              .setChallengeIds(challenges)
              .build());
    }
    return AssignmentPolicy.newBuilder()
        .setAssignmentId(ASSIGNMENT)
        .setTenantId(TENANT)
        .setVersion(version)
        .setTopics(topics)
        .setCompletionMode(CompletionMode.values()[random.nextInt(CompletionMode.values().length)])
        .setPassingScore(random.nextInt(101))
        .setHintPenalty(random.nextInt(30))
        .setIncorrectAttemptPenalty(random.nextInt(30))
        .setPublishedAt(START)
        .build();
  }

  /** A random event of {@code registration}, at a random time (so out of order). */
  private static SpecificRecord event(UUID registration, Random random) {
    Instant at = START.plusSeconds(random.nextInt(3_600));
    EventMetadata metadata =
        EventMetadata.newBuilder()
            .setEventId(UUID.randomUUID())
            .setOccurredAt(at)
            .setReceivedAt(at.plusMillis(40))
            .setTenantId(TENANT)
            .setLearnerId("learner-" + registration.getLeastSignificantBits() % 5)
            .setRegistrationId(registration)
            .setSessionId(registration)
            .setSequence(random.nextInt(1_000))
            .setProducer("ingest-service")
            .build();
    String topic = TOPICS.get(random.nextInt(TOPICS.size()));
    String challenge = "c" + (1 + random.nextInt(3));
    return switch (random.nextInt(4)) {
      case 0 ->
          ChallengeOpened.newBuilder()
              .setMetadata(metadata)
              .setAssignmentId(ASSIGNMENT)
              .setTopicId(topic)
              .setChallengeId(challenge)
              .build();
      case 1 ->
          HintRevealed.newBuilder()
              .setMetadata(metadata)
              .setAssignmentId(ASSIGNMENT)
              .setTopicId(topic)
              .setChallengeId(challenge)
              .setHintIndex(random.nextInt(3))
              .build();
      case 2 ->
          StepReached.newBuilder()
              .setMetadata(metadata)
              .setAssignmentId(ASSIGNMENT)
              .setTopicId(topic)
              .setChallengeId(challenge)
              .setStep(1)
              .setLast(random.nextBoolean())
              .build();
      default ->
          AnswerSubmitted.newBuilder()
              .setMetadata(metadata)
              .setAssignmentId(ASSIGNMENT)
              .setTopicId(topic)
              .setChallengeId(challenge)
              .setAnswerId("answer-" + random.nextInt(4))
              .setOutcome(AnswerOutcome.values()[random.nextInt(AnswerOutcome.values().length)])
              .build();
    };
  }
}

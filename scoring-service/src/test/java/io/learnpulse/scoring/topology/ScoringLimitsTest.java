package io.learnpulse.scoring.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.events.v1.AnswerOutcome;
import io.learnpulse.events.v1.AssignmentPolicy;
import io.learnpulse.events.v1.ChallengeOpened;
import io.learnpulse.events.v1.EventMetadata;
import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.schemas.topics.Topics;
import io.learnpulse.schemas.wire.DeadLetterHeaders;
import io.learnpulse.scoring.domain.StateLimits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile activity on TopologyTestDriver: records breaking the event limits and records beyond the
 * per-registration caps are dead-lettered at once and counted, a flooded registration does not slow
 * the others, and events ignored by the policy that arrived before it are counted.
 */
class ScoringLimitsTest {

  private final ScoringSerdes serdes = TestSerdes.scoringSerdes();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private TopologyTestDriver driver;
  private TestInputTopic<String, SpecificRecord> activity;
  private TestInputTopic<String, AssignmentPolicy> assignments;
  private TestOutputTopic<String, TopicStatus> statuses;
  private TestOutputTopic<String, byte[]> deadLetters;
  private Path stateDir;

  private void start(StateLimits limits) {
    stateDir = TestStateDirs.inMemory("scoring-limits-");
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "scoring-limits-test");
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver =
        new TopologyTestDriver(
            new ScoringTopology(serdes, new ScoringMetrics(meters), limits).build(), config);
    activity =
        driver.createInputTopic(
            Topics.ACTIVITY.name(), Serdes.String().serializer(), serdes.activity().serializer());
    assignments =
        driver.createInputTopic(
            Topics.ASSIGNMENT.name(),
            Serdes.String().serializer(),
            serdes.assignment().serializer());
    statuses =
        driver.createOutputTopic(
            Topics.TOPIC_STATUS.name(),
            Serdes.String().deserializer(),
            serdes.topicStatus().deserializer());
    deadLetters =
        driver.createOutputTopic(
            Topics.ACTIVITY.deadLetterTopic().orElseThrow(),
            Serdes.String().deserializer(),
            Serdes.ByteArray().deserializer());
  }

  @AfterEach
  void closeDriver() {
    if (driver != null) {
      driver.close();
      TestStateDirs.delete(stateDir);
    }
  }

  @Test
  void recordsBreakingAnEventLimitAreDeadLetteredOnceNamingTheFieldAndLeaveNoTrace() {
    start(StateLimits.DEFAULTS);
    assignments.pipeInput(Activity.ASSIGNMENT, Policy.standard(1).build());
    Activity hostile = new Activity(UUID.randomUUID());
    SpecificRecord opened = hostile.opened("a").records().get(0);
    List<SpecificRecord> poison =
        List.of(
            new Activity(hostile.registration()).opened("a\u0000b").records().get(0),
            new Activity(hostile.registration()).hint("a", 5_000).records().get(0),
            new Activity(hostile.registration()).step("a", -1, false).records().get(0),
            new Activity(hostile.registration())
                .answer("a", "answer\u0085", AnswerOutcome.CORRECT)
                .records()
                .get(0),
            withMetadata(
                (ChallengeOpened) opened,
                m -> EventMetadata.newBuilder(m).setSequence(2_000_000_000L).build()),
            withMetadata(
                (ChallengeOpened) opened,
                m -> EventMetadata.newBuilder(m).setTenantId("t".repeat(256)).build()));

    poison.forEach(record -> activity.pipeInput(hostile.key(), record));
    Activity healthy = new Activity(UUID.randomUUID()).solve("a", 0, 0);
    healthy.records().forEach(record -> activity.pipeInput(healthy.key(), record));

    List<TestRecord<String, byte[]>> dead = deadLetters.readRecordsToList();
    assertThat(dead).as("each poison record once, no retry").hasSize(poison.size());
    assertThat(dead)
        .extracting(r -> header(r, DeadLetterHeaders.EXCEPTION_FQCN))
        .containsOnly(RejectedRecordException.class.getName());
    assertThat(dead)
        .extracting(r -> header(r, DeadLetterHeaders.EXCEPTION_MESSAGE))
        .satisfiesExactly(
            m -> assertThat(m).startsWith("challengeId"),
            m -> assertThat(m).startsWith("hintIndex 5000"),
            m -> assertThat(m).startsWith("step -1"),
            m -> assertThat(m).startsWith("answerId"),
            m -> assertThat(m).startsWith("metadata.sequence"),
            m -> assertThat(m).startsWith("metadata.tenantId"));
    assertThat(registrations().get(hostile.key())).as("nothing kept of them").isNull();
    assertThat(statuses.readValuesToList())
        .extracting(TopicStatus::getRegistrationId)
        .containsOnly(healthy.registration());
    assertThat(deadLettered("invalid")).isEqualTo(poison.size());
  }

  @Test
  void answersBeyondTheCapAreDeadLetteredAndCountedAndTheStatusStays() {
    start(new StateLimits(8, 3, 8, 1 << 20));
    assignments.pipeInput(Activity.ASSIGNMENT, Policy.standard(1).build());
    Activity learner =
        new Activity(UUID.randomUUID())
            .opened("a")
            .answer("a", AnswerOutcome.INCORRECT)
            .answer("a", AnswerOutcome.INCORRECT)
            .answer("a", AnswerOutcome.INCORRECT)
            .answer("a", AnswerOutcome.CORRECT);

    learner.records().forEach(record -> activity.pipeInput(learner.key(), record));

    TestRecord<String, byte[]> dead = deadLetters.readRecord();
    assertThat(header(dead, DeadLetterHeaders.EXCEPTION_MESSAGE)).contains("3 answers and reviews");
    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(stateLimitExceeded("answers-per-challenge")).isEqualTo(1.0);
    List<TopicStatus> published = statuses.readValuesToList();
    assertThat(published.get(published.size() - 1).getChallenges().get(0).getResolved())
        .as("the refused answer changed nothing")
        .isFalse();
  }

  @Test
  void stateLargerThanItsByteCapIsRefused() {
    start(new StateLimits(256, 64, 64, 1_024));
    Activity learner = new Activity(UUID.randomUUID());
    for (int i = 0; i < 40; i++) {
      learner.opened("challenge-" + i);
    }

    learner.records().forEach(record -> activity.pipeInput(learner.key(), record));

    assertThat(deadLetters.readRecordsToList()).isNotEmpty();
    assertThat(stateLimitExceeded("state-bytes")).isGreaterThan(0.0);
    assertThat(registrations().get(learner.key()).length).isLessThanOrEqualTo(1_024);
  }

  @Test
  void eventsThatArrivedBeforeThePolicyAndAreIgnoredByItAreCountedAsRejected() {
    start(StateLimits.DEFAULTS);
    Activity learner = new Activity(UUID.randomUUID()).opened("a").solve("not-in-assignment", 0, 0);
    learner.records().forEach(record -> activity.pipeInput(learner.key(), record));

    assignments.pipeInput(Activity.ASSIGNMENT, Policy.standard(1).build());
    assignments.pipeInput(Activity.ASSIGNMENT, Policy.standard(2).setPassingScore(80).build());

    assertThat(rejected("unknown-challenge"))
        .as("opened + correct answer of the unknown challenge, counted once over two versions")
        .isEqualTo(2.0);
    assertThat(statuses.readValuesToList()).isNotEmpty();
  }

  @Test
  void aFloodedRegistrationKeepsItsStateSizeAndDoesNotHoldUpAnother() {
    start(StateLimits.DEFAULTS);
    assignments.pipeInput(Activity.ASSIGNMENT, Policy.standard(1).build());
    Activity flood = new Activity(UUID.randomUUID());
    int floodSize = 50_000; // 1,000,000 at the domain level: BoundedStateTest
    for (int i = 0; i < floodSize; i++) {
      flood.opened(i % 2 == 0 ? "a" : "b");
    }
    List<SpecificRecord> records = flood.records();
    int stateAfterThousand = 0;
    for (int i = 0; i < floodSize; i++) {
      activity.pipeInput(flood.key(), records.get(i));
      if (i == 999) {
        stateAfterThousand = registrations().get(flood.key()).length;
      }
    }
    Activity other = new Activity(UUID.randomUUID()).solve("a", 0, 0);
    other.records().forEach(record -> activity.pipeInput(other.key(), record));

    // Each event reads and writes its registration's state: the same size after 1,000 events as
    // after the whole flood means the same cost per event (timing it is the benchmark's job).
    assertThat(registrations().get(flood.key()).length)
        .as("bytes every flood event reads and writes")
        .isLessThanOrEqualTo(stateAfterThousand + 8);
    List<TestRecord<String, TopicStatus>> published = statuses.readRecordsToList();
    assertThat(published)
        .as("the flood changed its status once (a opened), then b opened; nothing else")
        .filteredOn(r -> r.value().getRegistrationId().equals(flood.registration()))
        .hasSizeLessThanOrEqualTo(2);
    assertThat(published.get(published.size() - 1).value().getRegistrationId())
        .isEqualTo(other.registration());
    assertThat(published.get(published.size() - 1).value().getRawScore()).isEqualTo(100.0);
  }

  private static ChallengeOpened withMetadata(
      ChallengeOpened record, java.util.function.UnaryOperator<EventMetadata> change) {
    return ChallengeOpened.newBuilder(record)
        .setMetadata(change.apply(record.getMetadata()))
        .build();
  }

  private KeyValueStore<String, byte[]> registrations() {
    return driver.getKeyValueStore(ScoringTopology.REGISTRATION_STORE);
  }

  private double deadLettered(String cause) {
    return meters
        .get(ScoringMetrics.DEAD_LETTERED)
        .tag("topic", Topics.ACTIVITY.name())
        .tag("cause", cause)
        .counter()
        .count();
  }

  private double stateLimitExceeded(String limit) {
    Counter counter =
        meters.find(ScoringMetrics.STATE_LIMIT_EXCEEDED).tag("limit", limit).counter();
    return counter == null ? 0.0 : counter.count();
  }

  private double rejected(String reason) {
    return meters.get(ScoringMetrics.REJECTED).tag("reason", reason).counter().count();
  }

  private static String header(TestRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}

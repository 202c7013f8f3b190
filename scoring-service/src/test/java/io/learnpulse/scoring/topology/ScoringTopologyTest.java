package io.learnpulse.scoring.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.learnpulse.events.v1.AssignmentPolicy;
import io.learnpulse.events.v1.ChallengeResult;
import io.learnpulse.events.v1.CompletionStatus;
import io.learnpulse.events.v1.LessonStatus;
import io.learnpulse.events.v1.SuccessStatus;
import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.schemas.topics.Topics;
import io.learnpulse.schemas.wire.DeadLetterHeaders;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scoring topology end to end on TopologyTestDriver: records in, topic status out. */
class ScoringTopologyTest {

  private final ScoringSerdes serdes = TestSerdes.scoringSerdes();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private TopologyTestDriver driver;
  private TestInputTopic<String, SpecificRecord> activity;
  private TestInputTopic<String, byte[]> rawActivity;
  private TestInputTopic<String, AssignmentPolicy> assignments;
  private TestInputTopic<String, byte[]> rawAssignments;
  private TestOutputTopic<String, TopicStatus> statuses;
  private TestOutputTopic<String, byte[]> activityDeadLetters;
  private TestOutputTopic<String, byte[]> assignmentDeadLetters;

  @BeforeEach
  void startDriver() {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "scoring-test");
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    config.put(StreamsConfig.STATE_DIR_CONFIG, TestStateDirs.fresh("scoring-ttd-").toString());
    driver =
        new TopologyTestDriver(
            new ScoringTopology(serdes, new ScoringMetrics(meters)).build(), config);
    activity =
        driver.createInputTopic(
            Topics.ACTIVITY.name(), Serdes.String().serializer(), serdes.activity().serializer());
    rawActivity =
        driver.createInputTopic(
            Topics.ACTIVITY.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
    assignments =
        driver.createInputTopic(
            Topics.ASSIGNMENT.name(),
            Serdes.String().serializer(),
            serdes.assignment().serializer());
    rawAssignments =
        driver.createInputTopic(
            Topics.ASSIGNMENT.name(),
            Serdes.String().serializer(),
            Serdes.ByteArray().serializer());
    statuses =
        driver.createOutputTopic(
            Topics.TOPIC_STATUS.name(),
            Serdes.String().deserializer(),
            serdes.topicStatus().deserializer());
    activityDeadLetters =
        driver.createOutputTopic(
            Topics.ACTIVITY.deadLetterTopic().orElseThrow(),
            Serdes.String().deserializer(),
            Serdes.ByteArray().deserializer());
    assignmentDeadLetters =
        driver.createOutputTopic(
            Topics.ASSIGNMENT.deadLetterTopic().orElseThrow(),
            Serdes.String().deserializer(),
            Serdes.ByteArray().deserializer());
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  private void publish(AssignmentPolicy policy) {
    assignments.pipeInput(policy.getAssignmentId(), policy);
  }

  private void send(Activity learner) {
    send(learner, learner.records());
  }

  private void send(Activity learner, List<SpecificRecord> records) {
    records.forEach(r -> activity.pipeInput(learner.key(), r));
  }

  private TopicStatus latest(List<TopicStatus> published) {
    assertThat(published).isNotEmpty();
    return published.get(published.size() - 1);
  }

  @Test
  void workedExampleAScores75AndBFirstTry100GivesRaw87_5CompletedPassed() {
    publish(Policy.standard(1).build());
    Activity learner = new Activity(UUID.randomUUID()).started().workedExampleA().solve("b", 0, 0);

    send(learner);

    List<TestRecord<String, TopicStatus>> records = statuses.readRecordsToList();
    TestRecord<String, TopicStatus> last = records.get(records.size() - 1);
    assertThat(last.key()).isEqualTo(learner.registration() + "/" + Activity.TOPIC);
    TopicStatus status = last.value();
    assertThat(status.getRawScore()).isEqualTo(87.5);
    assertThat(status.getScaledScore()).isEqualTo(0.875);
    assertThat(status.getFinished()).isTrue();
    assertThat(status.getPassed()).isTrue();
    assertThat(status.getCompletionStatus()).isEqualTo(CompletionStatus.COMPLETED);
    assertThat(status.getSuccessStatus()).isEqualTo(SuccessStatus.PASSED);
    assertThat(status.getLessonStatus()).isEqualTo(LessonStatus.PASSED);
    assertThat(status.getPolicyVersion()).isEqualTo(1);
    assertThat(status.getTenantId()).isEqualTo(Activity.TENANT);
    assertThat(status.getLearnerId()).isEqualTo(Activity.LEARNER);
    assertThat(status.getRegistrationId()).isEqualTo(learner.registration());
    assertThat(status.getAssignmentId()).isEqualTo(Activity.ASSIGNMENT);
    assertThat(status.getUpdatedAt()).isEqualTo(Activity.START.plusSeconds(7));
    assertThat(status.getChallenges())
        .extracting(
            ChallengeResult::getChallengeId,
            ChallengeResult::getHints,
            ChallengeResult::getIncorrectAttempts,
            ChallengeResult::getCorrectOnFirstTry,
            ChallengeResult::getScore)
        .containsExactly(tuple("a", 1, 1, false, 75), tuple("b", 0, 0, true, 100));
  }

  @Test
  void workedExampleOnlyAResolvedGivesRaw75IncompleteUnknown() {
    publish(Policy.standard(1).build());
    Activity learner = new Activity(UUID.randomUUID()).workedExampleA().opened("b");

    send(learner);

    TopicStatus status = latest(statuses.readValuesToList());
    assertThat(status.getRawScore()).isEqualTo(75.0);
    assertThat(status.getScaledScore()).isEqualTo(0.75);
    assertThat(status.getCompletionStatus()).isEqualTo(CompletionStatus.INCOMPLETE);
    assertThat(status.getSuccessStatus()).isEqualTo(SuccessStatus.UNKNOWN);
    assertThat(status.getLessonStatus()).isEqualTo(LessonStatus.INCOMPLETE);
  }

  @Test
  void workedExampleBWithTwoIncorrectAndOneHintGives60CompletedFailedAnd12CompletedOrFailed() {
    publish(Policy.standard(1).build());
    Activity first = new Activity(UUID.randomUUID()).workedExampleA().solve("b", 1, 2);
    send(first);

    TopicStatus standard = latest(statuses.readValuesToList());
    assertThat(standard.getRawScore()).isEqualTo(67.5);
    assertThat(standard.getCompletionStatus()).isEqualTo(CompletionStatus.COMPLETED);
    assertThat(standard.getSuccessStatus()).isEqualTo(SuccessStatus.FAILED);
    assertThat(standard.getLessonStatus()).isEqualTo(LessonStatus.COMPLETED);

    publish(Policy.standard(2).setScorm12FailedWhenNotPassed(true).build());

    TopicStatus byOption = latest(statuses.readValuesToList());
    assertThat(byOption.getPolicyVersion()).isEqualTo(2);
    assertThat(byOption.getLessonStatus()).isEqualTo(LessonStatus.FAILED);
    assertThat(byOption.getSuccessStatus()).isEqualTo(SuccessStatus.FAILED);
  }

  @Test
  void outOfOrderArrivalGivesTheSameStatusAsInOrder() {
    publish(Policy.standard(1).build());
    Activity learner = new Activity(UUID.randomUUID()).workedExampleA().solve("b", 0, 0);
    List<SpecificRecord> reversed = new ArrayList<>(learner.records());
    Collections.reverse(reversed);

    send(learner, reversed);

    TopicStatus status = latest(statuses.readValuesToList());
    assertThat(status.getRawScore()).isEqualTo(87.5);
    assertThat(status.getChallenges())
        .extracting(ChallengeResult::getScore)
        .containsExactly(75, 100);
    assertThat(status.getLessonStatus()).isEqualTo(LessonStatus.PASSED);
  }

  @Test
  void redeliveredEventsChangeNothingAndPublishNothing() {
    publish(Policy.standard(1).build());
    Activity learner = new Activity(UUID.randomUUID()).workedExampleA().solve("b", 0, 0);
    send(learner);
    List<TopicStatus> once = statuses.readValuesToList();

    send(learner);

    assertThat(statuses.isEmpty()).isTrue();
    assertThat(latest(once).getRawScore()).isEqualTo(87.5);
  }

  @Test
  void eventsBeforeThePolicyAreKeptAndScoredWhenItArrives() {
    Activity learner = new Activity(UUID.randomUUID()).workedExampleA().solve("b", 0, 0);
    send(learner);
    assertThat(statuses.isEmpty()).isTrue();

    publish(Policy.standard(1).build());

    List<TopicStatus> published = statuses.readValuesToList();
    assertThat(published).hasSize(1);
    assertThat(published.get(0).getRawScore()).isEqualTo(87.5);
    assertThat(published.get(0).getLessonStatus()).isEqualTo(LessonStatus.PASSED);
  }

  @Test
  void newPolicyVersionRecomputesEveryRegistrationOfTheAssignment() {
    publish(Policy.standard(1).build());
    Activity passing = new Activity(UUID.randomUUID()).workedExampleA().solve("b", 0, 0);
    Activity perfect = new Activity(UUID.randomUUID()).solve("a", 0, 0).solve("b", 0, 0);
    send(passing);
    send(perfect);
    statuses.readValuesToList();

    publish(Policy.standard(2).setPassingScore(80).build());

    List<TestRecord<String, TopicStatus>> recomputed = statuses.readRecordsToList();
    assertThat(recomputed)
        .extracting(TestRecord::key)
        .containsExactlyInAnyOrder(
            Topics.topicStatusKey(passing.registration(), Activity.TOPIC),
            Topics.topicStatusKey(perfect.registration(), Activity.TOPIC));
    assertThat(recomputed).allSatisfy(r -> assertThat(r.value().getPolicyVersion()).isEqualTo(2));
    TopicStatus nowFailing =
        recomputed.stream()
            .filter(r -> r.value().getRegistrationId().equals(passing.registration()))
            .findFirst()
            .orElseThrow()
            .value();
    assertThat(nowFailing.getSuccessStatus()).isEqualTo(SuccessStatus.FAILED);
    assertThat(nowFailing.getLessonStatus()).isEqualTo(LessonStatus.COMPLETED);
  }

  @Test
  void olderOrRepeatedPolicyVersionIsIgnored() {
    publish(Policy.standard(2).build());
    send(new Activity(UUID.randomUUID()).workedExampleA().solve("b", 0, 0));
    statuses.readValuesToList();

    publish(Policy.standard(1).setPassingScore(90).build());
    publish(Policy.standard(2).build());

    assertThat(statuses.isEmpty()).isTrue();
  }

  @Test
  void publishesOnlyWhenTheStatusChanges() {
    publish(Policy.standard(1).build());
    Activity learner = new Activity(UUID.randomUUID());

    send(learner, new Activity(learner.registration()).started().records());
    assertThat(statuses.isEmpty()).as("session start alone").isTrue();

    Activity steps = new Activity(learner.registration()).opened("a");
    send(learner, steps.records());
    assertThat(statuses.readValuesToList()).as("first status of the topic").hasSize(1);

    send(learner, new Activity(learner.registration()).step("a", 0, false).records());
    assertThat(statuses.isEmpty()).as("a step changes nothing").isTrue();

    send(learner, new Activity(learner.registration()).hint("a", 0).records());
    assertThat(statuses.readValuesToList()).as("a hint changes the breakdown").hasSize(1);
  }

  @Test
  void eventForAChallengeOutsideTheAssignmentIsIgnored() {
    publish(Policy.standard(1).build());
    Activity learner = new Activity(UUID.randomUUID()).opened("a");
    send(learner);
    statuses.readValuesToList();

    send(learner, new Activity(learner.registration()).solve("not-in-assignment", 0, 0).records());

    assertThat(statuses.isEmpty()).isTrue();
    assertThat(
            meters
                .get(ScoringMetrics.REJECTED)
                .tag("reason", "unknown-challenge")
                .counter()
                .count())
        .as("opened + correct answer of the unknown challenge")
        .isEqualTo(2.0);
    assertThat(meters.get(ScoringMetrics.REJECTED).tag("reason", "unknown-topic").counter().count())
        .isZero();
  }

  @Test
  void processingFailureOfOneRecordDeadLettersItsOriginalBytesAndLeavesNoTrace() {
    publish(Policy.standard(1).build());
    Activity broken = new Activity(UUID.randomUUID()).opened("a").hint("a", 0);
    Activity healthy = new Activity(UUID.randomUUID()).solve("a", 0, 0);
    send(broken, broken.records().subList(0, 1));
    statuses.readValuesToList();
    byte[] unreadableState = {0x42, 0x42};
    driver.getKeyValueStore(ScoringTopology.REGISTRATION_STORE).put(broken.key(), unreadableState);
    byte[] hint =
        serdes.activity().serializer().serialize(Topics.ACTIVITY.name(), broken.records().get(1));

    rawActivity.pipeInput(broken.key(), hint);
    send(healthy);

    TestRecord<String, byte[]> dead = activityDeadLetters.readRecord();
    assertThat(dead.key()).isEqualTo(broken.key());
    assertThat(dead.value()).isEqualTo(hint);
    assertThat(header(dead, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(Topics.ACTIVITY.name());
    assertThat(dead.headers().lastHeader(DeadLetterHeaders.ORIGINAL_OFFSET)).isNotNull();
    assertThat(dead.headers().lastHeader(DeadLetterHeaders.ORIGINAL_PARTITION)).isNotNull();
    assertThat(header(dead, DeadLetterHeaders.EXCEPTION_FQCN))
        .as("the stored state cannot be decoded")
        .isEqualTo(org.apache.avro.message.BadHeaderException.class.getName());
    assertThat(header(dead, DeadLetterHeaders.EXCEPTION_MESSAGE)).isNotBlank();
    assertThat(activityDeadLetters.isEmpty()).isTrue();
    assertThat(
            driver
                .<String, byte[]>getKeyValueStore(ScoringTopology.REGISTRATION_STORE)
                .get(broken.key()))
        .as("nothing written for the failed record")
        .isEqualTo(unreadableState);
    assertThat(latest(statuses.readValuesToList()).getRegistrationId())
        .isEqualTo(healthy.registration());
    assertThat(
            meters
                .get(ScoringMetrics.DEAD_LETTERED)
                .tag("topic", Topics.ACTIVITY.name())
                .tag("cause", "processing-failure")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void policyChangeReEvaluatesTheOtherRegistrationsWhenOneCannotBeRead() {
    publish(Policy.standard(1).build());
    Activity broken = new Activity(UUID.randomUUID()).solve("a", 0, 0);
    Activity healthy = new Activity(UUID.randomUUID()).solve("a", 0, 0);
    send(broken);
    send(healthy);
    statuses.readValuesToList();
    driver
        .getKeyValueStore(ScoringTopology.REGISTRATION_STORE)
        .put(broken.key(), new byte[] {0x42});

    publish(Policy.standard(2).setPassingScore(80).build());

    List<TopicStatus> recomputed = statuses.readValuesToList();
    assertThat(recomputed)
        .extracting(TopicStatus::getRegistrationId, TopicStatus::getPolicyVersion)
        .containsExactly(tuple(healthy.registration(), 2));
    assertThat(meters.get(ScoringMetrics.RECOMPUTE_FAILED).counter().count()).isEqualTo(1.0);
    assertThat(activityDeadLetters.isEmpty()).isTrue();
    assertThat(assignmentDeadLetters.isEmpty()).isTrue();
  }

  @Test
  void garbageActivityRecordGoesToTheDeadLetterTopicAndProcessingContinues() {
    publish(Policy.standard(1).build());
    UUID registration = UUID.randomUUID();
    byte[] garbage = "not an avro record".getBytes(StandardCharsets.UTF_8);

    rawActivity.pipeInput(registration.toString(), garbage);
    Activity learner = new Activity(registration).solve("a", 0, 0);
    send(learner);

    TestRecord<String, byte[]> dead = activityDeadLetters.readRecord();
    assertThat(dead.key()).isEqualTo(registration.toString());
    assertThat(dead.value()).isEqualTo(garbage);
    assertThat(header(dead, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(Topics.ACTIVITY.name());
    assertThat(header(dead, DeadLetterHeaders.EXCEPTION_FQCN))
        .isEqualTo(SerializationException.class.getName());
    assertThat(header(dead, DeadLetterHeaders.EXCEPTION_MESSAGE)).isNotBlank();
    assertThat(activityDeadLetters.isEmpty()).isTrue();
    assertThat(latest(statuses.readValuesToList()).getRawScore()).isEqualTo(100.0);
    assertThat(
            meters
                .get(ScoringMetrics.DEAD_LETTERED)
                .tag("topic", Topics.ACTIVITY.name())
                .tag("cause", "unreadable")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void activityKeyedByAnotherRegistrationGoesToTheDeadLetterTopic() {
    Activity learner = new Activity(UUID.randomUUID()).opened("a");

    activity.pipeInput(UUID.randomUUID().toString(), learner.records().get(0));
    activity.pipeInput("not-a-uuid", learner.records().get(0));

    assertThat(activityDeadLetters.readRecordsToList())
        .extracting(r -> header(r, DeadLetterHeaders.EXCEPTION_FQCN))
        .containsOnly(RejectedRecordException.class.getName())
        .hasSize(2);
  }

  @Test
  void invalidPolicyGoesToTheAssignmentDeadLetterTopicOnce() {
    AssignmentPolicy invalid = Policy.standard(1).setPassingScore(150).build();
    byte[] garbage = {0, 1, 2};

    publish(invalid);
    rawAssignments.pipeInput(Activity.ASSIGNMENT, garbage);
    publish(Policy.standard(1).build());
    send(new Activity(UUID.randomUUID()).solve("a", 0, 0));

    List<TestRecord<String, byte[]>> dead = assignmentDeadLetters.readRecordsToList();
    assertThat(dead).hasSize(2);
    assertThat(header(dead.get(0), DeadLetterHeaders.EXCEPTION_MESSAGE)).contains("passingScore");
    assertThat(dead.get(1).value()).isEqualTo(garbage);
    assertThat(latest(statuses.readValuesToList()).getPolicyVersion()).isEqualTo(1);
  }

  @Test
  void everyProcessorStoreAndRepartitionTopicIsNamed() {
    TopologyDescription description =
        new ScoringTopology(serdes, new ScoringMetrics(new SimpleMeterRegistry()))
            .build()
            .describe();

    assertThat(description.toString()).doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
    assertThat(description.toString())
        .contains(ScoringTopology.POLICY_BROADCAST + "-repartition")
        .contains(ScoringTopology.REGISTRATION_STORE)
        .contains(ScoringTopology.POLICY_STORE)
        .contains(ScoringTopology.ASSIGNMENT_INDEX_STORE)
        .as("no status store since ADR 38")
        .doesNotContain("scoring-topic-statuses");
  }

  private static String header(TestRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}

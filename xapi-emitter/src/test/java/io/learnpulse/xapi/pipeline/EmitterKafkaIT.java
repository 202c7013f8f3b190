package io.learnpulse.xapi.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.learnpulse.events.v1.ChallengeOpened;
import io.learnpulse.events.v1.EventMetadata;
import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.infra.Infrastructure;
import io.learnpulse.infra.junit.LearnPulseInfrastructure;
import io.learnpulse.infra.lrs.LocalLrs;
import io.learnpulse.infra.registry.SchemaRegistryServer;
import io.learnpulse.schemas.topics.Topics;
import io.learnpulse.schemas.wire.DeadLetterHeaders;
import io.learnpulse.xapi.delivery.TenantState;
import io.learnpulse.xapi.statement.LearnerFacts;
import io.learnpulse.xapi.statement.MappingOptions;
import io.learnpulse.xapi.statement.Statement;
import io.learnpulse.xapi.statement.TenantProfile;
import io.learnpulse.xapi.statement.XapiMapper;
import io.learnpulse.xapi.testing.EmitterApp;
import io.learnpulse.xapi.testing.KafkaFixture;
import io.learnpulse.xapi.testing.SampleEvents;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * xapi-emitter as deployed, end to end through the real broker and registry (embedded-infra) into
 * real LRSs (Learning Locker's xapi-statements in memory, one node process per tenant): events are
 * produced with the project's AvroSerializer, the application consumes {@code
 * learnpulse.activity.v1} and {@code learnpulse.topic-status.v1}, and each test checks what the
 * LRSs hold, the consumer group's committed offsets (Admin client), the dead-letter topic and the
 * Prometheus scrape. Each test runs its own application, consumer group, tenants and LRSs; records
 * of earlier tests on the shared topics belong to tenants the application does not know and are
 * skipped.
 */
@LearnPulseInfrastructure
class EmitterKafkaIT {

  private static final XapiMapper MAPPER =
      new XapiMapper(MappingOptions.defaults(URI.create("https://learnpulse.io/xapi/activities")));
  private static final Duration DELIVERY = Duration.ofSeconds(90);

  private static KafkaFixture kafka;

  @BeforeAll
  static void topicsAndSchemas(Infrastructure infrastructure) throws Exception {
    kafka = new KafkaFixture(infrastructure);
  }

  @AfterAll
  static void close() {
    kafka.close();
  }

  private static String unique(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Every event kind of {@code learners} learners (the passed topic status only). */
  private static List<SpecificRecord> events(String tenant, int learners) {
    List<SpecificRecord> events = new ArrayList<>();
    for (int i = 0; i < learners; i++) {
      SampleEvents sample = new SampleEvents(tenant, "learner-" + i, UUID.randomUUID());
      for (SpecificRecord e : sample.everyKind()) {
        if (!(e instanceof TopicStatus s) || s.getPassed()) {
          events.add(e);
        }
      }
    }
    return events;
  }

  /** The ids of the statements of {@code events}, as the mapper makes them. */
  private static Set<String> statementIds(String tenant, List<SpecificRecord> events) {
    TenantProfile profile = TenantProfile.plain(tenant, EmitterApp.homePage(tenant));
    Set<String> ids = new LinkedHashSet<>();
    for (SpecificRecord e : events) {
      for (Statement s : MAPPER.map(e, profile, LearnerFacts.NONE)) {
        ids.add(s.id().toString());
      }
    }
    return ids;
  }

  private static void awaitCommittedToTheEnd(String group) {
    await()
        .atMost(DELIVERY)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> kafka.committed(group).equals(kafka.endOffsets()));
  }

  @Test
  void everyEventArrivesOnceInItsTenantsLrsAndTheOffsetsAreCommitted() throws Exception {
    String a = unique("a");
    String b = unique("b");
    String group = unique("xapi-it");
    try (LocalLrs lrsA = LocalLrs.start();
        LocalLrs lrsB = LocalLrs.start()) {
      Map<String, String> config = EmitterApp.defaults(kafka, group);
      EmitterApp.tenant(config, a, lrsA.baseUrl());
      EmitterApp.tenant(config, b, lrsB.baseUrl());
      List<SpecificRecord> ofA = events(a, 12);
      List<SpecificRecord> ofB = events(b, 6);
      List<SpecificRecord> ofNobody = events(unique("not-opted-in"), 2);

      try (EmitterApp app = EmitterApp.start(config)) {
        kafka.produce(ofA);
        kafka.produce(ofNobody);
        kafka.produce(ofB);

        Set<String> expectedA = statementIds(a, ofA);
        Set<String> expectedB = statementIds(b, ofB);
        await().atMost(DELIVERY).until(() -> lrsA.statementIds().size() >= expectedA.size());
        await().atMost(DELIVERY).until(() -> lrsB.statementIds().size() >= expectedB.size());
        awaitCommittedToTheEnd(group);

        assertThat(lrsA.statementIds())
            .doesNotHaveDuplicates()
            .containsExactlyInAnyOrderElementsOf(expectedA);
        assertThat(lrsB.statementIds())
            .doesNotHaveDuplicates()
            .containsExactlyInAnyOrderElementsOf(expectedB);
        assertThat(lrsA.statements())
            .allSatisfy(
                s ->
                    assertThat(s.at("/actor/account/homePage").asString())
                        .isEqualTo(EmitterApp.homePage(a).toString()));

        // the metrics of that run, as Prometheus scrapes them from the management port
        assertThat(app.metric("learnpulse_xapi_statements_sent_total", Map.of("tenant", a)))
            .isEqualTo(expectedA.size());
        assertThat(app.metric("learnpulse_xapi_statements_sent_total", Map.of("tenant", b)))
            .isEqualTo(expectedB.size());
        assertThat(
                app.metric(
                    "learnpulse_xapi_lrs_latency_seconds_count",
                    Map.of("tenant", a, "status", "200")))
            .isPositive();
        assertThat(app.metric("learnpulse_xapi_statements_rejected_total", Map.of("tenant", a)))
            .isZero();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    app.get("/actuator/prometheus")
                        .contains("learnpulse_xapi_lag{topic=\"learnpulse.activity.v1\"} 0.0"));
        assertThat(app.get("/actuator/prometheus"))
            .contains("learnpulse_xapi_lag{topic=\"learnpulse.topic-status.v1\"}")
            .contains("kafka_consumer_fetch_manager_records_lag_max")
            .contains("learnpulse_xapi_tenant_state{state=\"ACTIVE\",tenant=\"" + a + "\"} 1.0");
      }
    }
  }

  @Test
  void aStoppedLrsHoldsBackTheCommitAndLosesAndDoublesNothingOnceItIsBack() throws Exception {
    String tenant = unique("outage");
    String group = unique("xapi-it");
    try (LocalLrs lrs = LocalLrs.start()) {
      Map<String, String> config = EmitterApp.defaults(kafka, group);
      EmitterApp.tenant(config, tenant, lrs.baseUrl());
      List<SpecificRecord> before = events(tenant, 4);
      List<SpecificRecord> during = events(tenant, 6);

      try (EmitterApp app = EmitterApp.start(config)) {
        kafka.produce(before);
        await()
            .atMost(DELIVERY)
            .until(() -> lrs.statementIds().size() == statementIds(tenant, before).size());
        awaitCommittedToTheEnd(group);

        lrs.freeze(); // SIGSTOP: connections hang, nothing is answered
        List<RecordMetadata> undelivered = kafka.produce(during);
        await().atMost(DELIVERY).until(() -> app.state(tenant) == TenantState.UNAVAILABLE);
        assertNothingCommittedPast(group, undelivered);
        assertThat(app.metric("learnpulse_xapi_lag", Map.of())).isPositive();
        assertThat(app.metric("learnpulse_xapi_statements_retried_total", Map.of("tenant", tenant)))
            .isPositive();

        lrs.thaw();
        Set<String> expected = statementIds(tenant, before);
        expected.addAll(statementIds(tenant, during));
        await().atMost(DELIVERY).until(() -> lrs.statementIds().size() >= expected.size());
        awaitCommittedToTheEnd(group);
        assertThat(lrs.statementIds())
            .doesNotHaveDuplicates()
            .containsExactlyInAnyOrderElementsOf(expected);
        await().atMost(DELIVERY).until(() -> app.state(tenant) == TenantState.ACTIVE);
      }
    }
  }

  @Test
  void aRestartDuringAnOutageRedeliversFromTheLastCommitWithoutDuplicates() throws Exception {
    String tenant = unique("restart");
    String group = unique("xapi-it");
    try (LocalLrs lrs = LocalLrs.start()) {
      Map<String, String> config = EmitterApp.defaults(kafka, group);
      EmitterApp.tenant(config, tenant, lrs.baseUrl());
      List<SpecificRecord> before = events(tenant, 3);
      List<SpecificRecord> during = events(tenant, 5);
      Set<String> expected = statementIds(tenant, before);
      expected.addAll(statementIds(tenant, during));

      List<RecordMetadata> undelivered;
      try (EmitterApp first = EmitterApp.start(config)) {
        kafka.produce(before);
        await()
            .atMost(DELIVERY)
            .until(() -> lrs.statementIds().size() == statementIds(tenant, before).size());
        lrs.freeze();
        undelivered = kafka.produce(during);
        await().atMost(DELIVERY).until(() -> first.state(tenant) == TenantState.UNAVAILABLE);
        assertNothingCommittedPast(group, undelivered);
      } // stopped mid-outage: its waiting statements are gone with it
      assertNothingCommittedPast(group, undelivered);

      try (EmitterApp second = EmitterApp.start(config)) {
        lrs.thaw();
        await().atMost(DELIVERY).until(() -> lrs.statementIds().size() >= expected.size());
        awaitCommittedToTheEnd(group);
        assertThat(lrs.statementIds())
            .doesNotHaveDuplicates()
            .containsExactlyInAnyOrderElementsOf(expected);
        // the second instance re-sent every statement of the uncommitted records; the frozen LRS,
        // once thawed, may also have stored some the first instance had sent before it stopped:
        // the LRS answers those re-sends 200 (identical) or, racing, 409 (same id), never twice
        Map<String, String> ofTenant = Map.of("tenant", tenant);
        assertThat(
                second.metric("learnpulse_xapi_statements_sent_total", ofTenant)
                    + second.metric("learnpulse_xapi_statements_conflicted_total", ofTenant))
            .isGreaterThanOrEqualTo(statementIds(tenant, during).size());
      }
    }
  }

  @Test
  void anInvalidStatementGoesToTheDeadLetterTopicWithTheLrsReasonAndTheRestArrives()
      throws Exception {
    String tenant = unique("invalid");
    String group = unique("xapi-it");
    try (LocalLrs lrs = LocalLrs.start()) {
      Map<String, String> config = EmitterApp.defaults(kafka, group);
      EmitterApp.tenant(config, tenant, lrs.baseUrl());
      SampleEvents learner = new SampleEvents(tenant, "learner-x", UUID.randomUUID());
      List<SpecificRecord> good = new ArrayList<>(learner.everyKind().subList(0, 8));
      // a player clock gone wrong: the timestamp cannot be written as xAPI allows, the LRS says 400
      ChallengeOpened bad = learner.opened("far-future");
      EventMetadata m = bad.getMetadata();
      m.put("occurredAt", Instant.parse("+10000-01-01T00:00:00Z"));
      m.put("receivedAt", Instant.parse("+10000-01-01T00:00:01Z"));
      List<SpecificRecord> all = new ArrayList<>(good.subList(0, 4));
      all.add(bad);
      all.addAll(good.subList(4, good.size()));
      String badId = statementIds(tenant, List.of(bad)).iterator().next();

      try (EmitterApp app = EmitterApp.start(config)) {
        List<RecordMetadata> written = kafka.produce(all);
        RecordMetadata badRecord = written.get(4);

        Set<String> expected = statementIds(tenant, good);
        await().atMost(DELIVERY).until(() -> lrs.statementIds().size() >= expected.size());
        awaitCommittedToTheEnd(group);
        assertThat(lrs.statementIds())
            .containsExactlyInAnyOrderElementsOf(expected)
            .doesNotContain(badId);

        ConsumerRecord<String, byte[]> letter = deadLetter(learner.registration().toString());
        assertThat(letter.partition()).isEqualTo(badRecord.partition());
        assertThat(letter.key()).isEqualTo(learner.registration().toString());
        // the same dead-letter headers as every other service's, and no stack trace
        assertThat(DeadLetterHeaders.names(letter.headers()))
            .containsExactlyInAnyOrderElementsOf(DeadLetterHeaders.REQUIRED);
        assertThat(letter.headers()).noneMatch(h -> h.key().toLowerCase().contains("stacktrace"));
        assertThat(DeadLetterHeaders.originalTopic(letter.headers()))
            .contains(Topics.ACTIVITY.name());
        assertThat(DeadLetterHeaders.originalPartition(letter.headers()))
            .contains(badRecord.partition());
        assertThat(DeadLetterHeaders.originalOffset(letter.headers())).contains(badRecord.offset());
        assertThat(
                DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.ORIGINAL_CONSUMER_GROUP))
            .contains(group);
        assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.EXCEPTION_FQCN))
            .contains(StatementsRejectedException.class.getName());
        assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.EXCEPTION_MESSAGE))
            .hasValueSatisfying(
                reason ->
                    assertThat(reason)
                        .contains(badId)
                        .contains("HTTP 400")
                        .contains("timestamp")
                        .hasSizeLessThanOrEqualTo(DeadLetterHeaders.MAX_MESSAGE_CHARS));

        assertThat(
                app.metric("learnpulse_xapi_statements_rejected_total", Map.of("tenant", tenant)))
            .isEqualTo(1);
        assertThat(
                app.metric(
                    "learnpulse_xapi_records_dead_lettered_total",
                    Map.of("tenant", tenant, "stage", "lrs-rejected")))
            .isEqualTo(1);
      }
    }
  }

  @Test
  void aRecomputedTopicStatusWhoseStatementConflictsCountsAsDelivered() throws Exception {
    String tenant = unique("conflict");
    String group = unique("xapi-it");
    try (LocalLrs lrs = LocalLrs.start()) {
      Map<String, String> config = EmitterApp.defaults(kafka, group);
      EmitterApp.tenant(config, tenant, lrs.baseUrl());
      SampleEvents learner = new SampleEvents(tenant, "learner-c", UUID.randomUUID());
      // the same registration, topic and policy version finished twice with different results:
      // the second "completed" statement has the first one's id and other content (409)
      List<SpecificRecord> statuses =
          List.of(learner.topicStatus(true), learner.topicStatus(false));
      Set<String> expected = statementIds(tenant, statuses);

      try (EmitterApp app = EmitterApp.start(config)) {
        kafka.produce(statuses);
        await().atMost(DELIVERY).until(() -> lrs.statementIds().size() >= expected.size());
        awaitCommittedToTheEnd(group);

        assertThat(lrs.statementIds()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(
                app.metric("learnpulse_xapi_statements_conflicted_total", Map.of("tenant", tenant)))
            .isEqualTo(1);
        assertThat(
                app.metric("learnpulse_xapi_records_dead_lettered_total", Map.of("tenant", tenant)))
            .isZero();
      }
    }
  }

  @Test
  void deadLettersReplayedAfterTheConfigurationIsFixedReachTheLrs() throws Exception {
    String tenant = unique("replay");
    String group = unique("xapi-it");
    try (LocalLrs lrs = LocalLrs.start();
        SchemaRegistryServer wrongRegistry = SchemaRegistryServer.inMemory()) {
      List<SpecificRecord> events = events(tenant, 2);
      List<SpecificRecord> activity =
          events.stream().filter(e -> !(e instanceof TopicStatus)).toList();
      Set<String> expected = statementIds(tenant, activity);

      // deployed pointing at another environment's registry: no schema id resolves there
      Map<String, String> broken = EmitterApp.defaults(kafka, group);
      EmitterApp.tenant(broken, tenant, lrs.baseUrl());
      broken.put("spring.kafka.consumer.properties.schema.registry.url", wrongRegistry.url());
      try (EmitterApp app = EmitterApp.start(broken)) {
        kafka.produce(activity);
        awaitCommittedToTheEnd(group);
        assertThat(
                app.metric(
                    "learnpulse_xapi_records_dead_lettered_total",
                    Map.of("tenant", "", "stage", "deserialization")))
            .isGreaterThanOrEqualTo(activity.size());
      }
      assertThat(lrs.statementIds()).isEmpty();

      Map<String, String> fixed = EmitterApp.defaults(kafka, group);
      EmitterApp.tenant(fixed, tenant, lrs.baseUrl());
      try (EmitterApp app = EmitterApp.start(fixed)) {
        String summary =
            app.post(
                "/actuator/xapi",
                "{\"action\":\"replay-dead-letters\",\"topic\":\""
                    + Topics.ACTIVITY.name()
                    + "\"}");
        assertThat(summary).contains("DELIVERED");

        await().atMost(DELIVERY).until(() -> lrs.statementIds().size() >= expected.size());
        assertThat(lrs.statementIds())
            .doesNotHaveDuplicates()
            .containsExactlyInAnyOrderElementsOf(expected);
      }
    }
  }

  /** The committed offset of each partition is at most its first record not yet delivered. */
  private static void assertNothingCommittedPast(String group, List<RecordMetadata> undelivered)
      throws Exception {
    Map<TopicPartition, Long> first = new HashMap<>();
    for (RecordMetadata r : undelivered) {
      first.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
    }
    Map<TopicPartition, Long> committed = kafka.committed(group);
    first.forEach(
        (tp, offset) ->
            assertThat(committed.get(tp))
                .as("committed offset of %s", tp)
                .isLessThanOrEqualTo(offset));
  }

  /** The dead letter of key {@code key} on the activity dead-letter topic. */
  private static ConsumerRecord<String, byte[]> deadLetter(String key) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, unique("dlt-reader"));
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(DeadLetters.deadLetterTopic(Topics.ACTIVITY.name())));
      List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                  if (key.equals(r.key())) {
                    found.add(r);
                  }
                }
                return !found.isEmpty();
              });
      assertThat(found).hasSize(1);
      return found.get(0);
    }
  }
}

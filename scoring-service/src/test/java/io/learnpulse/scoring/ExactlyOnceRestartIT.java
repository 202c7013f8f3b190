package io.learnpulse.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.learnpulse.events.v1.AnswerOutcome;
import io.learnpulse.events.v1.AssignmentPolicy;
import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.infra.kafka.KraftBroker;
import io.learnpulse.infra.registry.SchemaRegistryServer;
import io.learnpulse.schemas.serde.AvroDeserializer;
import io.learnpulse.schemas.serde.AvroSerdeConfig;
import io.learnpulse.schemas.serde.AvroSerializer;
import io.learnpulse.schemas.topics.CatalogSchemas;
import io.learnpulse.schemas.topics.Topics;
import io.learnpulse.scoring.topology.Activity;
import io.learnpulse.scoring.topology.Policy;
import io.learnpulse.scoring.topology.ScoringMetrics;
import io.learnpulse.scoring.topology.ScoringSerdes;
import io.learnpulse.scoring.topology.ScoringTopology;
import io.learnpulse.scoring.topology.TestSerdes;
import io.learnpulse.scoring.topology.TestStateDirs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once across a crash: scoring-service runs in a JVM of its own with {@code
 * exactly_once_v2} on a broker this test owns, is killed with SIGKILL while it is scoring (open
 * transactions, no shutdown hook), restarted on the same state directory, and the committed topic
 * status must then be, key by key, exactly what one uninterrupted run emits: the sequence the same
 * topology produces on TopologyTestDriver for the same input, with no record lost, repeated or out
 * of order.
 */
class ExactlyOnceRestartIT {

  private static final Logger log = LoggerFactory.getLogger(ExactlyOnceRestartIT.class);
  private static final int LEARNERS = 1_500;
  private static final int SCRIPTS = 30;
  private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(180);

  private static KraftBroker broker;
  private static SchemaRegistryServer registry;

  @BeforeAll
  static void infrastructure() {
    broker = KraftBroker.builder().build().start();
    registry = SchemaRegistryServer.inMemory();
    broker.createTopics(Topics.newTopics((short) 1));
    CatalogSchemas.registerAll(
        AvroSerdeConfig.from(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url()))
            .newClient());
  }

  @AfterAll
  static void stopInfrastructure() {
    if (registry != null) {
      registry.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void committedStatusesAreExactlyOneUninterruptedRunsAfterAKillMidStream() {
    String applicationId = "scoring-eos-" + UUID.randomUUID();
    Path workDir = TestStateDirs.fresh("scoring-eos-");
    List<String> arguments =
        List.of(
            "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
            "--learnpulse.scoring.schema-registry-url=" + registry.url(),
            "--learnpulse.scoring.application-id=" + applicationId,
            "--learnpulse.scoring.processing-guarantee=exactly_once_v2",
            "--learnpulse.scoring.commit-interval=100ms",
            "--learnpulse.scoring.state-dir=" + workDir.resolve("state"),
            "--server.port=0",
            "--server.address=127.0.0.1",
            // a killed member leaves the group after this, not after the 45 s default
            "--spring.kafka.streams.properties.session.timeout.ms=6000",
            "--spring.kafka.streams.properties.heartbeat.interval.ms=1500");
    AssignmentPolicy policy = Policy.standard(1).build();
    List<Activity> warmUp = onePerActivityPartition();
    Random random = new Random(20260302L);
    List<UUID> registrations = new ArrayList<>();
    List<List<SpecificRecord>> learners = new ArrayList<>();
    for (int i = 0; i < LEARNERS; i++) {
      registrations.add(new UUID(random.nextLong(), random.nextLong()));
      learners.add(script(scriptOf(i), registrations.get(i)));
    }
    List<ProducerRecord<String, Object>> before = new ArrayList<>();
    List<ProducerRecord<String, Object>> after = new ArrayList<>();
    split(learners, before, after);
    Map<String, List<TopicStatus>> expected = new LinkedHashMap<>();
    List<List<TopicStatus>> byScript = oneUninterruptedRunPerScript(policy);
    for (int i = 0; i < LEARNERS; i++) {
      UUID registration = registrations.get(i);
      expected.put(
          Topics.topicStatusKey(registration, Activity.TOPIC),
          byScript.get(scriptOf(i)).stream()
              .map(s -> TopicStatus.newBuilder(s).setRegistrationId(registration).build())
              .toList());
    }
    int expectedRecords = expected.values().stream().mapToInt(List::size).sum();

    try (KafkaProducer<String, Object> policies = producer(Topics.ASSIGNMENT.name());
        KafkaProducer<String, Object> producer = producer(Topics.ACTIVITY.name());
        KafkaConsumer<String, TopicStatus> statuses = committedStatuses()) {
      Map<String, List<TopicStatus>> seen = new HashMap<>();
      policies.send(
          new ProducerRecord<>(Topics.ASSIGNMENT.name(), policy.getAssignmentId(), policy));
      policies.flush();

      int seenAtKill;
      try (ServiceProcess first =
          ServiceProcess.start(workDir.resolve("service-1.log"), arguments)) {
        // every scoring task holds the policy once each partition's warm-up learner has a status
        warmUp.forEach(learner -> sendAll(producer, records(learner.key(), learner.records())));
        producer.flush();
        awaitStatuses(
            statuses,
            seen,
            first,
            s ->
                warmUp.stream()
                    .allMatch(
                        w ->
                            s.containsKey(
                                Topics.topicStatusKey(w.registration(), Activity.TOPIC))));

        sendAll(producer, before);
        producer.flush();
        awaitStatuses(statuses, seen, first, s -> count(s, expected) > 0);
        first.kill();
        seenAtKill = count(seen, expected);
      }
      log.info(
          "Killed scoring-service with {} of {} learner statuses committed",
          seenAtKill,
          expectedRecords);
      assertThat(seenAtKill)
          .as("killed while scoring: %d of %d statuses committed", seenAtKill, expectedRecords)
          .isLessThan(expectedRecords);

      sendAll(producer, after);
      producer.flush();
      try (ServiceProcess second =
          ServiceProcess.start(workDir.resolve("service-2.log"), arguments)) {
        awaitStatuses(
            statuses,
            seen,
            second,
            s ->
                expected.entrySet().stream()
                    .allMatch(
                        e -> {
                          List<TopicStatus> got = s.get(e.getKey());
                          return got != null
                              && got.get(got.size() - 1)
                                  .equals(e.getValue().get(e.getValue().size() - 1));
                        }));
        second.stop();
      }
      readToTheEnd(statuses, seen);

      List<String> differing =
          expected.keySet().stream()
              .filter(key -> !expected.get(key).equals(seen.get(key)))
              .sorted()
              .toList();
      assertThat(differing)
          .as(
              "keys whose committed statuses are not exactly one uninterrupted run's; the first:"
                  + " expected %s%n but was %s",
              differing.isEmpty() ? null : expected.get(differing.get(0)),
              differing.isEmpty() ? null : seen.get(differing.get(0)))
          .isEmpty();
      assertThat(count(seen, expected)).isEqualTo(expectedRecords);
    }
  }

  /** One learner per activity partition, each opening challenge a. */
  private static List<Activity> onePerActivityPartition() {
    Map<Integer, Activity> byPartition = new LinkedHashMap<>();
    while (byPartition.size() < Topics.ACTIVITY.partitions()) {
      Activity learner = new Activity(UUID.randomUUID());
      byPartition.putIfAbsent(partition(learner.key()), learner.opened("a"));
    }
    return List.copyOf(byPartition.values());
  }

  private static int partition(String key) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8)))
        % Topics.ACTIVITY.partitions();
  }

  /**
   * A learner going through challenges a and b in one of {@value #SCRIPTS} ways (hints, some
   * repeated; incorrect answers; a challenge left unresolved; last step or not), one event
   * delivered twice.
   */
  private static List<SpecificRecord> script(int script, UUID registration) {
    Random random = new Random(20260302L + script);
    Activity learner = new Activity(registration).started();
    for (String challenge : List.of("a", "b")) {
      learner.opened(challenge);
      for (int hint = random.nextInt(3); hint > 0; hint--) {
        learner.hint(challenge, random.nextInt(2));
      }
      for (int wrong = random.nextInt(3); wrong > 0; wrong--) {
        learner.answer(challenge, AnswerOutcome.INCORRECT);
      }
      if (random.nextInt(5) > 0) {
        learner.answer(challenge, AnswerOutcome.CORRECT);
      }
      learner.step(challenge, 1, random.nextBoolean());
    }
    List<SpecificRecord> records = new ArrayList<>(learner.records());
    records.add(records.get(random.nextInt(records.size()))); // a redelivery
    return records;
  }

  private static int scriptOf(int learner) {
    return learner % SCRIPTS;
  }

  /** The first half of every learner's records before the kill, the rest after, interleaved. */
  private static void split(
      List<List<SpecificRecord>> learners,
      List<ProducerRecord<String, Object>> before,
      List<ProducerRecord<String, Object>> after) {
    int longest = learners.stream().mapToInt(List::size).max().orElse(0);
    for (int step = 0; step < longest; step++) {
      for (List<SpecificRecord> learner : learners) {
        if (step < learner.size()) {
          SpecificRecord record = learner.get(step);
          String key = registration(record);
          (step < learner.size() / 2 ? before : after)
              .add(new ProducerRecord<>(Topics.ACTIVITY.name(), key, record));
        }
      }
    }
  }

  private static String registration(SpecificRecord record) {
    Object metadata = record.get(record.getSchema().getField("metadata").pos());
    return ((io.learnpulse.events.v1.EventMetadata) metadata).getRegistrationId().toString();
  }

  private static List<ProducerRecord<String, Object>> records(
      String key, List<SpecificRecord> values) {
    return values.stream()
        .map(v -> new ProducerRecord<String, Object>(Topics.ACTIVITY.name(), key, v))
        .toList();
  }

  /**
   * Per script, the statuses the topology emits for a learner following it when it sees the policy,
   * then every record, without interruption (on TopologyTestDriver). The statuses of a learner
   * differ from its script's only in the registration id.
   */
  private static List<List<TopicStatus>> oneUninterruptedRunPerScript(AssignmentPolicy policy) {
    ScoringSerdes serdes = TestSerdes.scoringSerdes();
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "scoring-eos-expected");
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    config.put(StreamsConfig.STATE_DIR_CONFIG, TestStateDirs.fresh("scoring-eos-ttd-").toString());
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            new ScoringTopology(serdes, new ScoringMetrics(new SimpleMeterRegistry())).build(),
            config)) {
      TestInputTopic<String, AssignmentPolicy> assignments =
          driver.createInputTopic(
              Topics.ASSIGNMENT.name(),
              Serdes.String().serializer(),
              serdes.assignment().serializer());
      TestInputTopic<String, SpecificRecord> activity =
          driver.createInputTopic(
              Topics.ACTIVITY.name(), Serdes.String().serializer(), serdes.activity().serializer());
      TestOutputTopic<String, TopicStatus> out =
          driver.createOutputTopic(
              Topics.TOPIC_STATUS.name(),
              Serdes.String().deserializer(),
              serdes.topicStatus().deserializer());
      assignments.pipeInput(policy.getAssignmentId(), policy);
      List<List<TopicStatus>> byScript = new ArrayList<>();
      for (int script = 0; script < SCRIPTS; script++) {
        UUID registration = new UUID(0, script);
        script(script, registration).forEach(r -> activity.pipeInput(registration.toString(), r));
        byScript.add(out.readValuesToList());
      }
      return byScript;
    }
  }

  private static int count(Map<String, List<TopicStatus>> seen, Map<String, ?> keys) {
    return seen.entrySet().stream()
        .filter(e -> keys.containsKey(e.getKey()))
        .mapToInt(e -> e.getValue().size())
        .sum();
  }

  private static void awaitStatuses(
      KafkaConsumer<String, TopicStatus> consumer,
      Map<String, List<TopicStatus>> seen,
      ServiceProcess service,
      java.util.function.Predicate<Map<String, List<TopicStatus>>> done) {
    await()
        .atMost(PHASE_TIMEOUT)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(50))
        .failFast("scoring-service exited", () -> !service.alive())
        .conditionEvaluationListener(
            condition -> {
              if (condition.getRemainingTimeInMS() <= 0) {
                LoggerFactory.getLogger(ExactlyOnceRestartIT.class)
                    .error("scoring-service ran out of time; its last output:\n{}", service.tail());
              }
            })
        .until(
            () -> {
              poll(consumer, seen);
              return done.test(seen);
            });
  }

  private static void poll(
      KafkaConsumer<String, TopicStatus> consumer, Map<String, List<TopicStatus>> seen) {
    for (ConsumerRecord<String, TopicStatus> record : consumer.poll(Duration.ofMillis(100))) {
      seen.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record.value());
    }
  }

  /** Reads every committed status record there is. */
  private static void readToTheEnd(
      KafkaConsumer<String, TopicStatus> consumer, Map<String, List<TopicStatus>> seen) {
    Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
    await()
        .atMost(Duration.ofSeconds(60))
        .pollDelay(Duration.ZERO)
        .until(
            () -> {
              poll(consumer, seen);
              return end.entrySet().stream()
                  .allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            });
  }

  private static void sendAll(
      KafkaProducer<String, Object> producer, List<ProducerRecord<String, Object>> records) {
    records.forEach(producer::send);
  }

  private static KafkaProducer<String, Object> producer(String topic) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
    config.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false);
    config.put(
        AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
        CatalogSchemas.valueStrategy(
                Topics.ALL.stream().filter(t -> t.name().equals(topic)).findFirst().orElseThrow())
            .name());
    AvroSerializer<Object> values = new AvroSerializer<>();
    values.configure(config, false);
    return new KafkaProducer<>(config, new StringSerializer(), values);
  }

  /** A read_committed reader of the whole status topic, from the beginning. */
  private static KafkaConsumer<String, TopicStatus> committedStatuses() {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
    config.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, true);
    AvroDeserializer<TopicStatus> values = new AvroDeserializer<>();
    values.configure(config, false);
    KafkaConsumer<String, TopicStatus> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), values);
    List<TopicPartition> partitions = new ArrayList<>();
    for (int p = 0; p < Topics.TOPIC_STATUS.partitions(); p++) {
      partitions.add(new TopicPartition(Topics.TOPIC_STATUS.name(), p));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }
}

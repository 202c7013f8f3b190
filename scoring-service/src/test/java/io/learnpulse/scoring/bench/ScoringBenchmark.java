package io.learnpulse.scoring.bench;

import static org.awaitility.Awaitility.await;

import io.learnpulse.events.v1.AnswerOutcome;
import io.learnpulse.events.v1.AnswerSubmitted;
import io.learnpulse.events.v1.AssignmentPolicy;
import io.learnpulse.events.v1.ChallengeOpened;
import io.learnpulse.events.v1.CompletionMode;
import io.learnpulse.events.v1.EventMetadata;
import io.learnpulse.events.v1.HintRevealed;
import io.learnpulse.events.v1.StepReached;
import io.learnpulse.events.v1.TopicDefinition;
import io.learnpulse.infra.kafka.KraftBroker;
import io.learnpulse.infra.registry.SchemaRegistryServer;
import io.learnpulse.schemas.serde.AvroSerdeConfig;
import io.learnpulse.schemas.serde.AvroSerializer;
import io.learnpulse.schemas.topics.CatalogSchemas;
import io.learnpulse.schemas.topics.TopicSpec;
import io.learnpulse.schemas.topics.Topics;
import io.learnpulse.scoring.topology.ScoringMetrics;
import io.learnpulse.scoring.topology.ScoringSerdes;
import io.learnpulse.scoring.topology.ScoringTopology;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Throughput of the scoring topology on a real broker, exactly-once against at-least-once at the
 * same commit interval, in one run on one machine (docs/design.md#targets: at least 30,000 events/s
 * with exactly-once, and exactly-once within 20% of at-least-once).
 *
 * <p>Starts a KRaft broker and an in-memory registry in this JVM, pre-produces challenge events
 * over many registrations of several assignments (policies first), then drains them with Kafka
 * Streams once per mode, each with a new application id and state directory. A run's rate is events
 * / (time from RUNNING until every input record is processed); for the modes with a 100 ms commit
 * interval the time until the input offsets are committed is reported too.
 *
 * <p>Run: {@code ./mvnw -q -pl scoring-service -am test-compile -Pscoring-benchmark}; sizes with
 * {@code -Dbench.events=1000000 -Dbench.registrations=100000 -Dbench.rounds=2 -Dbench.threads=1}
 * (stream threads; the service runs Kafka Streams' default, one).
 */
public final class ScoringBenchmark {

  private static final int ASSIGNMENTS = 20;
  private static final List<String> TOPIC_1 = List.of("c1", "c2", "c3");
  private static final List<String> TOPIC_2 = List.of("c4", "c5", "c6");
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(180);
  private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

  /**
   * One run: the guarantee and commit interval, and whether it runs the scoring topology or the
   * reference, a plain Kafka Streams aggregate over the same activity records (bytes summed per
   * registration in a persistent, changelogged store: what any stateful Streams job pays).
   */
  private record Mode(String name, String guarantee, long commitMs, boolean plainAggregate) {
    Mode(String name, String guarantee, long commitMs) {
      this(name, guarantee, commitMs, false);
    }
  }

  private record Result(
      Mode mode, long events, double startSeconds, double drainSeconds, double commitSeconds) {
    double eventsPerSecond() {
      return events / drainSeconds;
    }
  }

  private ScoringBenchmark() {}

  /** Runs the benchmark and prints a Markdown table. */
  public static void main(String[] args) throws Exception {
    int events = Integer.getInteger("bench.events", 1_000_000);
    int registrations = Integer.getInteger("bench.registrations", 100_000);
    int rounds = Integer.getInteger("bench.rounds", 2);
    int threads = Integer.getInteger("bench.threads", 1);
    Path work = Path.of(System.getProperty("bench.dir", "target/benchmark")).toAbsolutePath();
    deleteRecursively(work);
    Files.createDirectories(work);

    List<Result> results = new ArrayList<>();
    try (KraftBroker broker = KraftBroker.builder().dataDir(work.resolve("kafka")).build().start();
        SchemaRegistryServer registry = SchemaRegistryServer.inMemory()) {
      broker.createTopics(Topics.newTopics((short) 1));
      CatalogSchemas.registerAll(
          AvroSerdeConfig.from(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url()))
              .newClient());
      long produced = produce(broker, registry, events, registrations);
      int policies = ASSIGNMENTS;
      // every record a stream thread processes: activity, policies, and the policies' broadcast
      long processCalls = produced + policies + (long) policies * Topics.ACTIVITY.partitions();

      List<Mode> modes = new ArrayList<>();
      modes.add(
          new Mode(
              "at_least_once, commit 30 s (reference, and JIT warm-up)", "at_least_once", 30_000));
      for (int round = 0; round < rounds; round++) {
        modes.add(new Mode("exactly_once_v2, commit 100 ms", StreamsConfig.EXACTLY_ONCE_V2, 100));
        modes.add(new Mode("at_least_once, commit 100 ms", StreamsConfig.AT_LEAST_ONCE, 100));
        modes.add(
            new Mode(
                "plain aggregate (reference), exactly_once_v2, commit 100 ms",
                StreamsConfig.EXACTLY_ONCE_V2,
                100,
                true));
      }
      int run = 0;
      for (Mode mode : modes) {
        Result result =
            drain(
                broker,
                registry,
                work.resolve("state-" + run++),
                mode,
                threads,
                produced,
                mode.plainAggregate() ? produced : processCalls);
        System.out.printf(
            Locale.ROOT,
            "%-55s %,10.0f events/s (drain %.1f s, start %.1f s, committed after %.1f s)%n",
            mode.name(),
            result.eventsPerSecond(),
            result.drainSeconds(),
            result.startSeconds(),
            result.commitSeconds());
        results.add(result);
      }
    } finally {
      deleteRecursively(work);
    }
    report(results, events, registrations, threads);
  }

  /** The reference: activity bytes summed per registration, nothing else. */
  private static org.apache.kafka.streams.Topology plainAggregate() {
    org.apache.kafka.streams.StreamsBuilder builder = new org.apache.kafka.streams.StreamsBuilder();
    builder.stream(
            Topics.ACTIVITY.name(),
            org.apache.kafka.streams.kstream.Consumed.with(
                org.apache.kafka.common.serialization.Serdes.String(),
                org.apache.kafka.common.serialization.Serdes.ByteArray()))
        .groupByKey()
        .aggregate(
            () -> 0L,
            (key, value, sum) -> sum + value.length,
            org.apache.kafka.streams.kstream.Materialized.with(
                org.apache.kafka.common.serialization.Serdes.String(),
                org.apache.kafka.common.serialization.Serdes.Long()));
    return builder.build();
  }

  private static long produce(
      KraftBroker broker, SchemaRegistryServer registry, int events, int registrations) {
    long started = System.nanoTime();
    long count = 0;
    try (KafkaProducer<String, Object> policies = producer(broker, registry, Topics.ASSIGNMENT);
        KafkaProducer<String, Object> activity = producer(broker, registry, Topics.ACTIVITY)) {
      for (int a = 0; a < ASSIGNMENTS; a++) {
        AssignmentPolicy policy = policy(a);
        policies.send(
            new ProducerRecord<>(Topics.ASSIGNMENT.name(), policy.getAssignmentId(), policy));
      }
      policies.flush();
      int perRegistration = Math.max(1, events / registrations);
      List<UUID> ids = new ArrayList<>(registrations);
      Random random = new Random(42);
      for (int r = 0; r < registrations; r++) {
        ids.add(new UUID(random.nextLong(), random.nextLong()));
      }
      // round-robin over registrations, as many learners would be active at once
      for (int step = 0; step < perRegistration; step++) {
        for (int r = 0; r < registrations; r++) {
          SpecificRecord record = event(ids.get(r), r, step, random);
          activity.send(
              new ProducerRecord<>(Topics.ACTIVITY.name(), ids.get(r).toString(), record));
          count++;
        }
      }
      activity.flush();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "produced %,d events over %,d registrations in %.1f s (%,.0f events/s)%n",
        count,
        registrations,
        seconds,
        count / seconds);
    return count;
  }

  /** Step {@code step} of a registration: two topics, challenges opened, hinted, answered. */
  private static SpecificRecord event(UUID registration, int index, int step, Random random) {
    String assignment = assignmentId(index % ASSIGNMENTS);
    EventMetadata metadata =
        EventMetadata.newBuilder()
            .setEventId(UUID.randomUUID())
            .setOccurredAt(START.plusSeconds(step))
            .setReceivedAt(START.plusSeconds(step).plusMillis(40))
            .setTenantId("bench-tenant")
            .setLearnerId("learner-" + index)
            .setRegistrationId(registration)
            .setSessionId(registration)
            .setSequence(step + 1)
            .setProducer("scoring-benchmark")
            .build();
    // 10 steps: c1 opened, hint, incorrect, correct; c2 opened, correct; c4 opened, step,
    // incorrect,
    // correct; steps beyond 10 reveal more hints on c3
    int kind = step % 10;
    String topic = kind < 6 ? "topic-1" : "topic-2";
    String challenge =
        switch (kind) {
          case 0, 1, 2, 3 -> step < 10 ? "c1" : "c3";
          case 4, 5 -> "c2";
          default -> "c4";
        };
    return switch (kind) {
      case 0, 4, 6 ->
          ChallengeOpened.newBuilder()
              .setMetadata(metadata)
              .setAssignmentId(assignment)
              .setTopicId(topic)
              .setChallengeId(challenge)
              .build();
      case 1 ->
          HintRevealed.newBuilder()
              .setMetadata(metadata)
              .setAssignmentId(assignment)
              .setTopicId(topic)
              .setChallengeId(challenge)
              .setHintIndex(random.nextInt(3))
              .build();
      case 7 ->
          StepReached.newBuilder()
              .setMetadata(metadata)
              .setAssignmentId(assignment)
              .setTopicId(topic)
              .setChallengeId(challenge)
              .setStep(1)
              .setLast(random.nextBoolean())
              .build();
      default ->
          AnswerSubmitted.newBuilder()
              .setMetadata(metadata)
              .setAssignmentId(assignment)
              .setTopicId(topic)
              .setChallengeId(challenge)
              .setAnswerId("answer-" + step)
              .setOutcome(kind == 2 || kind == 8 ? AnswerOutcome.INCORRECT : AnswerOutcome.CORRECT)
              .build();
    };
  }

  private static AssignmentPolicy policy(int index) {
    CompletionMode[] modes = CompletionMode.values();
    return AssignmentPolicy.newBuilder()
        .setAssignmentId(assignmentId(index))
        .setTenantId("bench-tenant")
        .setVersion(1)
        .setTopics(
            List.of(
                TopicDefinition.newBuilder().setTopicId("topic-1").setChallengeIds(TOPIC_1).build(),
                TopicDefinition.newBuilder()
                    .setTopicId("topic-2")
                    .setChallengeIds(TOPIC_2)
                    .build()))
        .setCompletionMode(modes[index % modes.length])
        .setPublishedAt(START)
        .build();
  }

  private static String assignmentId(int index) {
    return "bench-assignment-" + index;
  }

  private static Result drain(
      KraftBroker broker,
      SchemaRegistryServer registry,
      Path stateDir,
      Mode mode,
      int threads,
      long events,
      long processCalls)
      throws Exception {
    String applicationId = "scoring-bench-" + UUID.randomUUID();
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, mode.guarantee());
    config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, mode.commitMs());
    config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    ScoringSerdes serdes =
        ScoringSerdes.registry(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url()));
    ScoringTopology topology =
        new ScoringTopology(serdes, new ScoringMetrics(new SimpleMeterRegistry()));
    long started = System.nanoTime();
    long[] running = {0};
    try (KafkaStreams streams =
        new KafkaStreams(mode.plainAggregate() ? plainAggregate() : topology.build(), config)) {
      streams.setStateListener(
          (now, before) -> {
            if (now == KafkaStreams.State.RUNNING && running[0] == 0) {
              running[0] = System.nanoTime();
            }
          });
      streams.start();
      long deadline = started + RUN_TIMEOUT.toNanos();
      await()
          .atMost(RUN_TIMEOUT)
          .pollInterval(Duration.ofMillis(20))
          .until(() -> running[0] != 0 || streams.state() == KafkaStreams.State.ERROR);
      // the thread metrics exist once the threads run; read them, not streams.metrics() (which
      // copies every metric of every task and store), on each poll
      List<Metric> processTotals = processTotals(streams);
      try {
        await()
            .atMost(RUN_TIMEOUT)
            .pollInterval(Duration.ofMillis(100))
            .failFast(
                "Kafka Streams failed in mode " + mode.name(),
                () -> streams.state() == KafkaStreams.State.ERROR)
            .until(() -> sum(processTotals) >= processCalls);
      } catch (ConditionTimeoutException e) {
        // reported below with the partial count
      }
      long drained = System.nanoTime();
      long processed = sum(processTotals);
      if (processed < processCalls) {
        System.out.printf(
            Locale.ROOT,
            "%s: timed out after %s with %,d of %,d records processed%n",
            mode.name(),
            RUN_TIMEOUT,
            processed,
            processCalls);
      }
      long from = running[0] == 0 ? started : Math.min(running[0], drained);
      double commitSeconds = Double.NaN;
      if (mode.commitMs() <= 1_000) {
        try {
          awaitCommitted(broker, applicationId, deadline);
          commitSeconds = (System.nanoTime() - from) / 1e9;
        } catch (ConditionTimeoutException e) {
          // not committed within the run's time (a drain that timed out): reported as n/a
        }
      }
      long done = Math.min(processed, processCalls) - (processCalls - events);
      return new Result(
          mode, Math.max(done, 0), (from - started) / 1e9, (drained - from) / 1e9, commitSeconds);
    }
  }

  /** The {@code process-total} (records processed) metric of every stream thread. */
  private static List<Metric> processTotals(KafkaStreams streams) {
    List<Metric> totals = new ArrayList<>();
    for (Map.Entry<MetricName, ? extends Metric> metric : streams.metrics().entrySet()) {
      MetricName name = metric.getKey();
      if (name.group().equals("stream-thread-metrics") && name.name().equals("process-total")) {
        totals.add(metric.getValue());
      }
    }
    return totals;
  }

  private static long sum(List<Metric> metrics) {
    long total = 0;
    for (Metric metric : metrics) {
      total += ((Number) metric.metricValue()).longValue();
    }
    return total;
  }

  private static void awaitCommitted(KraftBroker broker, String applicationId, long deadline)
      throws Exception {
    try (Admin admin = broker.admin()) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < Topics.ACTIVITY.partitions(); p++) {
        latest.put(new TopicPartition(Topics.ACTIVITY.name(), p), OffsetSpec.latest());
      }
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end =
          admin.listOffsets(latest).all().get();
      await()
          // at least a second: after a drain that timed out the deadline has passed, and a
          // timeout under the poll interval is refused by Awaitility
          .atMost(
              Duration.ofNanos(
                  Math.max(deadline - System.nanoTime(), Duration.ofSeconds(1).toNanos())))
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> {
                Map<TopicPartition, OffsetAndMetadata> committed =
                    admin
                        .listConsumerGroupOffsets(applicationId)
                        .partitionsToOffsetAndMetadata()
                        .get();
                return end.entrySet().stream()
                    .allMatch(
                        e -> {
                          OffsetAndMetadata offset = committed.get(e.getKey());
                          return offset != null && offset.offset() >= e.getValue().offset();
                        });
              });
    }
  }

  private static KafkaProducer<String, Object> producer(
      KraftBroker broker, SchemaRegistryServer registry, TopicSpec topic) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
    config.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false);
    config.put(
        AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, CatalogSchemas.valueStrategy(topic).name());
    AvroSerializer<Object> values = new AvroSerializer<>();
    values.configure(config, false);
    return new KafkaProducer<>(config, new StringSerializer(), values);
  }

  private static void report(List<Result> results, int events, int registrations, int threads) {
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "| mode | events/s | drain (s) | start to RUNNING (s) | input committed after (s) |%n");
    System.out.println("|---|---:|---:|---:|---:|");
    for (Result r : results) {
      System.out.printf(
          Locale.ROOT,
          "| %s | %,.0f | %.1f | %.1f | %s |%n",
          r.mode().name(),
          r.eventsPerSecond(),
          r.drainSeconds(),
          r.startSeconds(),
          Double.isNaN(r.commitSeconds())
              ? "n/a"
              : String.format(Locale.ROOT, "%.1f", r.commitSeconds()));
    }
    double eos = mean(results, StreamsConfig.EXACTLY_ONCE_V2, 100);
    double alos = mean(results, StreamsConfig.AT_LEAST_ONCE, 100);
    double plain =
        results.stream()
            .filter(r -> r.mode().plainAggregate())
            .mapToDouble(Result::eventsPerSecond)
            .average()
            .orElse(Double.NaN);
    System.out.printf(
        Locale.ROOT,
        "%nmean plain aggregate (reference), exactly_once_v2 at 100 ms: %,.0f events/s; scoring"
            + " exactly_once_v2 reaches %.0f%% of it%n",
        plain,
        100 * mean(results, StreamsConfig.EXACTLY_ONCE_V2, 100) / plain);
    System.out.printf(
        Locale.ROOT,
        "%nmean at commit 100 ms: exactly_once_v2 %,.0f events/s, at_least_once %,.0f events/s,"
            + " ratio EOS/ALOS %.2f (%,d events, %,d registrations, %d stream threads, %d cores)%n",
        eos,
        alos,
        eos / alos,
        events,
        registrations,
        threads,
        Runtime.getRuntime().availableProcessors());
  }

  private static double mean(List<Result> results, String guarantee, long commitMs) {
    return results.stream()
        .filter(
            r ->
                !r.mode().plainAggregate()
                    && r.mode().guarantee().equals(guarantee)
                    && r.mode().commitMs() == commitMs)
        .mapToDouble(Result::eventsPerSecond)
        .average()
        .orElse(Double.NaN);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}

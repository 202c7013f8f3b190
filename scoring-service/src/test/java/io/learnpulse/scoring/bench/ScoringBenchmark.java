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
import io.learnpulse.scoring.domain.StateLimits;
import io.learnpulse.scoring.topology.ScoringMetrics;
import io.learnpulse.scoring.topology.ScoringSerdes;
import io.learnpulse.scoring.topology.ScoringTopology;
import io.learnpulse.scoring.topology.ScoringTuning;
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
 * {@code -Dbench.events=1000000 -Dbench.registrations=100000 -Dbench.rounds=2 -Dbench.threads=2}
 * (stream threads; the service runs two by default, ADR 40).
 */
public final class ScoringBenchmark {

  private static final int ASSIGNMENTS = 20;
  private static final List<String> TOPIC_1 = List.of("c1", "c2", "c3");
  private static final List<String> TOPIC_2 = List.of("c4", "c5", "c6");
  private static final Duration RUN_TIMEOUT = Duration.ofSeconds(180);
  private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

  /** The output topic of the decoded reference aggregate. */
  private static final String REFERENCE_OUTPUT = "scoring-bench-reference-output";

  /** What a run drains the activity with. */
  private enum Job {
    /** The production topology ({@link ScoringTopology}) with the run's {@link ScoringTuning}. */
    SCORING,
    /**
     * Reference 1: activity bytes summed per registration ({@code Serdes.ByteArray}, no decode, no
     * output topic): the cost floor of any stateful Streams job.
     */
    PLAIN_BYTES,
    /**
     * Reference 2: what a plain Streams aggregate of these events is. The records decoded with the
     * same registry Avro serde, {@code groupByKey().aggregate} of a count and the last occurred-at
     * per registration in a persistent store (default caching), {@code toStream().to(...)}.
     */
    PLAIN_DECODED
  }

  /** One run: the guarantee and commit interval, the job, and the scoring topology's levers. */
  private record Mode(String name, String guarantee, long commitMs, Job job, ScoringTuning tuning) {
    Mode(String name, String guarantee, long commitMs) {
      this(name, guarantee, commitMs, Job.SCORING, ScoringTuning.DEFAULTS);
    }

    boolean plainAggregate() {
      return job != Job.SCORING;
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
    int threads = Integer.getInteger("bench.threads", 2);
    Path work = Path.of(System.getProperty("bench.dir", "target/benchmark")).toAbsolutePath();
    deleteRecursively(work);
    Files.createDirectories(work);

    List<Result> results = new ArrayList<>();
    try (KraftBroker broker = KraftBroker.builder().dataDir(work.resolve("kafka")).build().start();
        SchemaRegistryServer registry = SchemaRegistryServer.inMemory()) {
      broker.createTopics(Topics.newTopics((short) 1));
      broker.createTopics(
          List.of(
              new org.apache.kafka.clients.admin.NewTopic(
                  REFERENCE_OUTPUT, Topics.ACTIVITY.partitions(), (short) 1)));
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
      List<String> variants =
          List.of(System.getProperty("bench.variants", "").split(",")).stream()
              .map(String::trim)
              .filter(v -> !v.isEmpty())
              .toList();
      for (int round = 0; round < rounds; round++) {
        modes.add(new Mode("exactly_once_v2, commit 100 ms", StreamsConfig.EXACTLY_ONCE_V2, 100));
        modes.add(new Mode("at_least_once, commit 100 ms", StreamsConfig.AT_LEAST_ONCE, 100));
        for (String variant : variants) {
          modes.add(variant(variant));
        }
        modes.add(
            new Mode(
                "reference 1: bytes summed, exactly_once_v2, commit 100 ms",
                StreamsConfig.EXACTLY_ONCE_V2,
                100,
                Job.PLAIN_BYTES,
                ScoringTuning.DEFAULTS));
        modes.add(
            new Mode(
                "reference 2: decoded aggregate to a topic, exactly_once_v2, commit 100 ms",
                StreamsConfig.EXACTLY_ONCE_V2,
                100,
                Job.PLAIN_DECODED,
                ScoringTuning.DEFAULTS));
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
            "%-75s %,10.0f events/s (drain %.1f s, start %.1f s, committed after %.1f s)%n",
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

  /**
   * An exactly-once scoring run with a lever off ({@code -Dbench.variants=no-caching}): {@code
   * no-caching} the record cache off (ADR 35's other levers are always on since ADR 38).
   */
  private static Mode variant(String name) {
    ScoringTuning tuning =
        switch (name) {
          case "no-caching" -> new ScoringTuning(false);
          default -> throw new IllegalArgumentException("unknown bench.variants entry " + name);
        };
    return new Mode(
        "exactly_once_v2, commit 100 ms, variant " + name,
        StreamsConfig.EXACTLY_ONCE_V2,
        100,
        Job.SCORING,
        tuning);
  }

  /** Reference 1: activity bytes summed per registration, nothing else. */
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

  /**
   * Reference 2: the activity decoded with the registry serde, a count and the last occurred-at per
   * registration in a persistent store (default caching), each update written to an output topic.
   */
  private static org.apache.kafka.streams.Topology decodedAggregate(ScoringSerdes serdes) {
    org.apache.kafka.streams.StreamsBuilder builder = new org.apache.kafka.streams.StreamsBuilder();
    builder.stream(
            Topics.ACTIVITY.name(),
            org.apache.kafka.streams.kstream.Consumed.with(
                org.apache.kafka.common.serialization.Serdes.String(), serdes.activity()))
        .groupByKey()
        .aggregate(
            () -> new byte[16],
            (key, value, aggregate) -> {
              Object metadata = value.get(value.getSchema().getField("metadata").pos());
              long occurredAt = ((EventMetadata) metadata).getOccurredAt().toEpochMilli();
              java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(aggregate);
              long count = buffer.getLong(0);
              return java.nio.ByteBuffer.allocate(16)
                  .putLong(count + 1)
                  .putLong(Math.max(occurredAt, buffer.getLong(8)))
                  .array();
            },
            org.apache.kafka.streams.kstream.Materialized.with(
                org.apache.kafka.common.serialization.Serdes.String(),
                org.apache.kafka.common.serialization.Serdes.ByteArray()))
        .toStream()
        .to(
            REFERENCE_OUTPUT,
            org.apache.kafka.streams.kstream.Produced.with(
                org.apache.kafka.common.serialization.Serdes.String(),
                org.apache.kafka.common.serialization.Serdes.ByteArray()));
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
    // incorrect, correct. Beyond 10 steps (few registrations, many events each) the answers
    // become hints (on c3 instead of c1): a registration's answers are capped (StateLimits), and
    // the run measures the cost of an event against a long history, not dead-lettering
    int kind = step % 10;
    if (step >= 10 && (kind == 2 || kind == 3 || kind == 5 || kind == 8 || kind == 9)) {
      kind = 1;
    }
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
        new ScoringTopology(
            serdes,
            new ScoringMetrics(new SimpleMeterRegistry()),
            StateLimits.DEFAULTS,
            mode.tuning());
    org.apache.kafka.streams.Topology job =
        switch (mode.job()) {
          case SCORING -> topology.build();
          case PLAIN_BYTES -> plainAggregate();
          case PLAIN_DECODED -> decodedAggregate(serdes);
        };
    long started = System.nanoTime();
    long[] running = {0};
    try (KafkaStreams streams = new KafkaStreams(job, config)) {
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
                          // a partition without records (few registrations) has nothing to commit
                          OffsetAndMetadata offset = committed.get(e.getKey());
                          return e.getValue().offset() == 0
                              || (offset != null && offset.offset() >= e.getValue().offset());
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
    for (Job job : List.of(Job.PLAIN_BYTES, Job.PLAIN_DECODED)) {
      double plain =
          results.stream()
              .filter(r -> r.mode().job() == job)
              .mapToDouble(Result::eventsPerSecond)
              .average()
              .orElse(Double.NaN);
      System.out.printf(
          Locale.ROOT,
          "%nmean %s, exactly_once_v2 at 100 ms: %,.0f events/s; scoring exactly_once_v2 reaches"
              + " %.0f%% of it",
          job == Job.PLAIN_BYTES ? "reference 1 (bytes summed)" : "reference 2 (decoded aggregate)",
          plain,
          100 * eos / plain);
    }
    results.stream()
        .filter(r -> r.mode().job() == Job.SCORING && r.mode().tuning() != ScoringTuning.DEFAULTS)
        .collect(
            java.util.stream.Collectors.groupingBy(
                r -> r.mode().name(),
                java.util.LinkedHashMap::new,
                java.util.stream.Collectors.averagingDouble(Result::eventsPerSecond)))
        .forEach(
            (name, rate) ->
                System.out.printf(
                    Locale.ROOT,
                    "%n%s: %,.0f events/s; exactly_once_v2 as the service runs is %.2f times it",
                    name,
                    rate,
                    eos / rate));
    System.out.println();
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
                    && r.mode().tuning() == ScoringTuning.DEFAULTS
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

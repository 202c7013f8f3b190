package io.learnpulse.lmssync.bench;

import static org.awaitility.Awaitility.await;

import io.learnpulse.events.v1.Bookmark;
import io.learnpulse.events.v1.EventMetadata;
import io.learnpulse.events.v1.Heartbeat;
import io.learnpulse.infra.EmbeddedInfrastructure;
import io.learnpulse.infra.Infrastructure;
import io.learnpulse.lmssync.LmsSyncApplication;
import io.learnpulse.lmssync.OffsetClock;
import io.learnpulse.schemas.serde.AvroSerdeConfig;
import io.learnpulse.schemas.serde.CatalogSerializer;
import io.learnpulse.schemas.topics.Topics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Heartbeats into PostgreSQL through lms-sync-service's own consumer path, side by side with what
 * PostgreSQL alone costs for the same row updates, in one run on one machine (DESIGN's target:
 * 250,000 concurrent learners, one heartbeat every 30 s each, ≈ 8,300 heartbeats/s).
 *
 * <p>Starts the embedded infrastructure (KRaft broker, registry, PostgreSQL) and the real service
 * ({@link LmsSyncApplication}, only its heartbeat listener running), seeds one tenant with {@code
 * bench.sessions} registrations and one active session each, of an assignment whose policy names
 * the challenges the heartbeats' bookmarks are in (so their time per challenge is stored), then per
 * scenario:
 *
 * <ul>
 *   <li><b>service</b>: {@code bench.heartbeats} heartbeats are produced (round-robin over the
 *       sessions, each adding 30 s of active time and moving the bookmark, as a player does) while
 *       the listener is paused; the time runs from resuming it until the consumer group has
 *       committed the end of the topic. Everything the service does per heartbeat is in it:
 *       deserialization, limits, idempotence by event id, session and registration updates, the
 *       SCORM commit and its outbox event (relayed to Kafka meanwhile). Three times: with the
 *       per-record path the listener had before {@code HeartbeatBatchWriter} (each heartbeat's own
 *       statements, one transaction per batch), with the batch writer writing its SCORM commits one
 *       registration at a time (before ADR 33), and with the service's batch writer ({@link
 *       WriterSwitch}).
 *   <li><b>session time only</b> (ADR 0036), after all rounds of the above: {@code
 *       bench.heartbeats} heartbeats over as many sessions whose bookmark stays where it is (a
 *       learner working within one step: only the session time changes), through the service's
 *       batch writer with {@code session-time-commit-interval} at its default (5 min). A first
 *       wave, not reported, commits each session's bookmark; then once with the service clock
 *       ({@link OffsetClock}, registered as the primary clock) moved an hour forward, so every
 *       session's last commit is older than the interval and every heartbeat commits (what {@code
 *       PT0S} does for every heartbeat), and once right after, within the interval, when no
 *       heartbeat commits. The commits each scenario wrote are printed. At 30 s heartbeats and 5
 *       min, one heartbeat in ten of a steady session is of the first kind, nine of the second.
 *       Each round runs both for every writer of {@code bench.session-time-modes} (default: the
 *       batch writer as it was before its updates' rows went to the commit check, then the
 *       service's).
 *   <li><b>PostgreSQL baseline</b>: a bare JDBC batched {@code UPDATE} of the same rows (the
 *       session's active time, last heartbeat and last seen; the registration's active time and
 *       bookmark) for as many heartbeats, in transactions of {@code bench.batch} heartbeats (the
 *       consumer's {@code max.poll.records}), no idempotence, no commits.
 * </ul>
 *
 * <p>CPU is reported per 1,000 heartbeats for this JVM (broker, registry, service, generator) and
 * for the PostgreSQL server processes. A warm-up drain of {@code bench.warmup} heartbeats per
 * scenario runs first and is not reported.
 *
 * <p>Run: {@code ./mvnw -q -pl lms-sync-service -am test-compile -Pheartbeat-benchmark}; sizes with
 * {@code -Dbench.sessions=250000 -Dbench.heartbeats=250000 -Dbench.rounds=1 -Dbench.warmup=20000};
 * {@code -Dbench.modes=BATCH} runs only the service's writer path of the first kind of scenario;
 * {@code -Dbench.session-time-modes=BATCH,BATCH_BEFORE_RETURNING} the session-time-only ones with
 * the service's writer first.
 */
public final class HeartbeatBenchmark {

  private static final String TENANT = "bench";
  private static final String ASSIGNMENT = "bench-assignment";

  /** The listener's id, which is its consumer group's id too. */
  private static final String LISTENER = "lms-sync-heartbeat";

  private static final long ACTIVE_MILLIS = 30_000;
  private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(30);

  private final int sessions;
  private final int batch;
  private final Infrastructure infra;
  private final ConfigurableApplicationContext app;
  private final DataSource dataSource;
  private final ProcessCpu cpu;
  private final MessageListenerContainer listener;
  private final WriterSwitch writer;
  private final OffsetClock clock;
  private final JdbcClient jdbc;
  private final UUID[] registrationIds;
  private final UUID[] sessionIds;
  private final Instant start =
      Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
  private final Random random = new Random(42);

  /** Heartbeats generated so far: the next one's wave (per session) and session follow from it. */
  private long generated;

  /** Waves of session-time-only heartbeats generated so far (they come after every moving one). */
  private long stationaryWaves;

  private HeartbeatBenchmark(Infrastructure infra, int sessions, int batch) {
    this.infra = infra;
    this.sessions = sessions;
    this.batch = batch;
    this.app = startService(infra);
    this.dataSource = app.getBean(DataSource.class);
    JdbcClient jdbc = JdbcClient.create(dataSource);
    this.cpu = new ProcessCpu(jdbc.sql("select pg_backend_pid()").query(Long.class).single());
    this.listener = app.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer(LISTENER);
    this.writer = app.getBean(WriterSwitch.class);
    this.clock = app.getBean(OffsetClock.class);
    this.jdbc = jdbc;
    seed(jdbc, sessions);
    this.registrationIds = new UUID[sessions];
    this.sessionIds = new UUID[sessions];
    jdbc.sql(
            """
            select i, md5('r' || i)::uuid as r, md5('s' || i)::uuid as s
            from generate_series(0, :n - 1) i
            """)
        .param("n", sessions)
        .query(
            rs -> {
              int i = rs.getInt("i");
              registrationIds[i] = rs.getObject("r", UUID.class);
              sessionIds[i] = rs.getObject("s", UUID.class);
            });
  }

  /** Runs the benchmark and prints its results as a Markdown table. */
  public static void main(String[] args) throws Exception {
    int sessions = Integer.getInteger("bench.sessions", 250_000);
    int heartbeats = Integer.getInteger("bench.heartbeats", 250_000);
    int rounds = Integer.getInteger("bench.rounds", 1);
    int warmup = Integer.getInteger("bench.warmup", 20_000);
    int batch = Integer.getInteger("bench.batch", 500);
    // the writer paths to run (default all), e.g. -Dbench.modes=BATCH for the service's alone
    List<WriterSwitch.Mode> modes =
        java.util.Arrays.stream(
                System.getProperty("bench.modes", "PER_RECORD,BATCH_COMMITS_ONE_BY_ONE,BATCH")
                    .split(","))
            .map(String::trim)
            .map(WriterSwitch.Mode::valueOf)
            .toList();
    // the batch writer's paths for the session-time-only scenarios, each round in this order
    List<WriterSwitch.Mode> sessionTimeModes =
        java.util.Arrays.stream(
                System.getProperty("bench.session-time-modes", "BATCH_BEFORE_RETURNING,BATCH")
                    .split(","))
            .map(String::trim)
            .map(WriterSwitch.Mode::valueOf)
            .toList();
    List<Measured> results = new ArrayList<>();
    try (EmbeddedInfrastructure embedded = EmbeddedInfrastructure.start()) {
      Infrastructure infra = embedded.infrastructure().prepareCatalog();
      HeartbeatBenchmark bench = new HeartbeatBenchmark(infra, sessions, batch);
      try {
        bench.listener.start();
        bench.postgresBaseline(warmup);
        for (WriterSwitch.Mode mode : modes) {
          bench.service(warmup, mode);
        }
        for (int round = 0; round < rounds; round++) {
          results.add(bench.postgresBaseline(heartbeats).print("heartbeats"));
          for (WriterSwitch.Mode mode : modes) {
            results.add(bench.service(heartbeats, mode).print("heartbeats"));
          }
        }
        bench.sessionTimeOnly(heartbeats, null, WriterSwitch.Mode.BATCH);
        for (int round = 0; round < rounds; round++) {
          for (WriterSwitch.Mode mode : sessionTimeModes) {
            results.add(
                bench.sessionTimeOnly(heartbeats, Duration.ofHours(1), mode).print("heartbeats"));
            results.add(bench.sessionTimeOnly(heartbeats, Duration.ZERO, mode).print("heartbeats"));
          }
        }
      } finally {
        bench.app.close();
      }
    }
    Measured.table(
        String.format(
            Locale.ROOT,
            "%,d heartbeats over %,d sessions per scenario, JDBC batch %d",
            heartbeats,
            sessions,
            batch),
        "heartbeats",
        results);
  }

  private static ConfigurableApplicationContext startService(Infrastructure infra) {
    return BenchService.start(
        infra,
        Map.of(
            // only the heartbeat listener runs, started by the benchmark
            "spring.kafka.listener.auto-startup", "false",
            // the sweeper must not abandon the seeded sessions (their last heartbeat is an hour
            // ago)
            "learnpulse.lms-sync.sessions.abandon-after", "24h",
            "learnpulse.lms-sync.sessions.sweep-interval", "1h",
            // the default, named: the session-time-only scenarios move the clock past it or not
            "learnpulse.lms-sync.session-time-commit-interval", "PT5M"),
        WriterSwitch.class,
        OffsetClock.class);
  }

  /** One tenant, one assignment, {@code sessions} registrations with one active session each. */
  private void seed(JdbcClient jdbc, int sessions) {
    long started = System.nanoTime();
    jdbc.sql(
            "insert into tenants (id, name, descriptor_secret) values (:id, 'Benchmark',"
                + " decode(repeat('ab', 32), 'hex'))")
        .param("id", TENANT)
        .update();
    jdbc.sql(
            "insert into assignments (id, tenant_id, version, policy) values (:id, :tenant, 1,"
                + " cast(:policy as jsonb))")
        // the challenges the heartbeats' bookmarks name, so their time per challenge is stored
        .param(
            "policy",
            "{\"topics\": [{\"topicId\": \"t\","
                + " \"challengeIds\": [\"c0\", \"c1\", \"c2\", \"c3\", \"c4\"]}]}")
        .param("id", ASSIGNMENT)
        .param("tenant", TENANT)
        .update();
    jdbc.sql(
            """
            insert into registrations (id, tenant_id, assignment_id, topic_id, learner_id,
              learner_name, scorm_version, attempt)
            select md5('r' || i)::uuid, :tenant, :assignment, 't', 'learner-' || i,
              'Learner ' || i, 'SCORM_2004_4TH', 1
            from generate_series(0, :n - 1) i
            """)
        .param("tenant", TENANT)
        .param("assignment", ASSIGNMENT)
        .param("n", sessions)
        .update();
    jdbc.sql(
            """
            insert into sessions (id, registration_id, entry, started_at, last_seen_at, state)
            select md5('s' || i)::uuid, md5('r' || i)::uuid, 'ab-initio', :at, :at, 'ACTIVE'
            from generate_series(0, :n - 1) i
            """)
        .param("at", Timestamp.from(start))
        .param("n", sessions)
        .update();
    jdbc.sql("analyze").update();
    System.out.printf(
        Locale.ROOT,
        "seeded %,d registrations and sessions in %.1f s%n",
        sessions,
        (System.nanoTime() - started) / 1e9);
  }

  /** The next {@code count} heartbeats: round-robin over the sessions, 30 s apart per session. */
  private List<Heartbeat> nextHeartbeats(int count) {
    List<Heartbeat> heartbeats = new ArrayList<>(count);
    for (int k = 0; k < count; k++, generated++) {
      int i = (int) (generated % sessions);
      long wave = generated / sessions;
      Instant at = start.plusMillis(ACTIVE_MILLIS * (wave + 1) + i % 30_000);
      heartbeats.add(
          heartbeat(
              i,
              at,
              wave,
              "c" + (wave % 5),
              (int) (wave % 7),
              IntStream.range(0, (int) (wave % 3)).boxed().toList()));
    }
    return heartbeats;
  }

  /**
   * The next wave of {@code count} heartbeats over the first {@code count} sessions whose bookmark
   * does not move: only the session time changes. They occur after every heartbeat of {@link
   * #nextHeartbeats}, so their bookmark is the latest.
   */
  private List<Heartbeat> nextSessionTimeOnly(int count) {
    Instant at =
        start.plus(
            Duration.ofMillis(ACTIVE_MILLIS)
                .multipliedBy(generated / sessions + 3 + stationaryWaves++));
    List<Heartbeat> heartbeats = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      heartbeats.add(heartbeat(i, at.plusMillis(i % 30_000), stationaryWaves, "c0", 0, List.of()));
    }
    return heartbeats;
  }

  /**
   * A wave of session-time-only heartbeats through the service's batch writer: with the clock moved
   * forward by {@code advance} first (past the interval: every heartbeat commits), or not ({@link
   * Duration#ZERO}: within it), or unreported ({@code null}: the wave that commits each session's
   * bookmark first).
   */
  private Measured sessionTimeOnly(int count, Duration advance, WriterSwitch.Mode mode)
      throws Exception {
    if (count > sessions) {
      throw new IllegalArgumentException("bench.heartbeats must not exceed bench.sessions");
    }
    if (advance != null) {
      clock.advance(advance);
    }
    long commitsBefore = jdbc.sql("select count(*) from commits").query(Long.class).single();
    Measured measured =
        drain(
            nextSessionTimeOnly(count),
            mode,
            advance == null
                ? "session time only: first wave (bookmark committed), not reported"
                : (mode == WriterSwitch.Mode.BATCH
                        ? "service"
                        : "before (time per challenge per registration, commit check reads again)")
                    + (advance.isZero()
                        ? ", session time only, within the interval (PT5M): no commit"
                        : ", session time only, interval passed: every heartbeat commits (as"
                            + " PT0S)"));
    long commits =
        jdbc.sql("select count(*) from commits").query(Long.class).single() - commitsBefore;
    System.out.printf(
        Locale.ROOT, "  %s: %,d commits for %,d heartbeats%n", measured.scenario(), commits, count);
    return measured;
  }

  /** Session {@code i}'s heartbeat of 30 s active time at {@code at}, bookmark as given. */
  private Heartbeat heartbeat(
      int i, Instant at, long sequence, String challenge, int step, List<Integer> hints) {
    return Heartbeat.newBuilder()
        .setMetadata(
            EventMetadata.newBuilder()
                .setEventId(new UUID(random.nextLong(), random.nextLong()))
                .setOccurredAt(at)
                .setReceivedAt(at.plusMillis(20))
                .setTenantId(TENANT)
                .setLearnerId("learner-" + i)
                .setRegistrationId(registrationIds[i])
                .setSessionId(sessionIds[i])
                .setSequence(sequence)
                .setProducer("ingest-service")
                .build())
        .setAssignmentId(ASSIGNMENT)
        .setActiveMillis(ACTIVE_MILLIS)
        .setBookmark(
            Bookmark.newBuilder()
                .setTopicId("t")
                .setChallengeId(challenge)
                .setStep(step)
                .setRevealedHints(hints)
                .build())
        .build();
  }

  /** Produces heartbeats while the listener is paused, then times it draining them. */
  private Measured service(int count, WriterSwitch.Mode mode) throws Exception {
    return drain(
        nextHeartbeats(count),
        mode,
        switch (mode) {
          case PER_RECORD -> "service, per-record path (before ADR 29: EventApplier per heartbeat)";
          case BATCH_COMMITS_ONE_BY_ONE ->
              "service, batched path, commits one registration at a time (before ADR 33)";
          case BATCH_BEFORE_RETURNING ->
              "service, batched path before the rows were returned (time per challenge per"
                  + " registration, commit check reads again)";
          case BATCH -> "service, batched path, commits batched (HeartbeatBatchWriter, ADR 33)";
        });
  }

  /** Produces {@code heartbeats} while the listener is paused, then times it draining them. */
  private Measured drain(List<Heartbeat> heartbeats, WriterSwitch.Mode mode, String scenario)
      throws Exception {
    int count = heartbeats.size();
    listener.pause();
    writer.mode(mode);
    await().atMost(Duration.ofMinutes(1)).until(listener::isPauseRequested);
    produce(heartbeats);
    Map<TopicPartition, Long> end = endOffsets();
    long jvm = ProcessCpu.jvmNanos();
    long pg = cpu.postgresNanos();
    long started = System.nanoTime();
    listener.resume();
    await()
        .atMost(DRAIN_TIMEOUT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> committedAtLeast(end));
    long elapsed = System.nanoTime() - started;
    return new Measured(
        scenario, count, elapsed / 1e9, ProcessCpu.jvmNanos() - jvm, cpu.postgresNanos() - pg);
  }

  /** The same row updates as bare JDBC batches, one transaction per {@code batch} heartbeats. */
  private Measured postgresBaseline(int count) throws SQLException {
    List<Heartbeat> heartbeats = nextHeartbeats(count);
    long jvm = ProcessCpu.jvmNanos();
    long pg = cpu.postgresNanos();
    long started = System.nanoTime();
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement sessionUpdate =
              connection.prepareStatement(
                  """
                  update sessions set active_millis = active_millis + ?,
                    last_heartbeat_at = greatest(last_heartbeat_at, ?),
                    last_seen_at = greatest(last_seen_at, ?)
                  where id = ?
                  """);
          PreparedStatement registrationUpdate =
              connection.prepareStatement(
                  """
                  update registrations set active_millis = active_millis + ?,
                    suspend_data = ?, bookmark_at = ?, updated_at = now()
                  where id = ?
                  """)) {
        for (int from = 0; from < heartbeats.size(); from += batch) {
          for (Heartbeat heartbeat : heartbeats.subList(from, Math.min(from + batch, count))) {
            EventMetadata m = heartbeat.getMetadata();
            Timestamp occurred = Timestamp.from(m.getOccurredAt());
            sessionUpdate.setLong(1, heartbeat.getActiveMillis());
            sessionUpdate.setTimestamp(2, occurred);
            sessionUpdate.setTimestamp(3, Timestamp.from(m.getReceivedAt()));
            sessionUpdate.setObject(4, m.getSessionId());
            sessionUpdate.addBatch();
            registrationUpdate.setLong(1, heartbeat.getActiveMillis());
            registrationUpdate.setString(2, suspendData(heartbeat.getBookmark()));
            registrationUpdate.setTimestamp(3, occurred);
            registrationUpdate.setObject(4, m.getRegistrationId());
            registrationUpdate.addBatch();
          }
          sessionUpdate.executeBatch();
          registrationUpdate.executeBatch();
          connection.commit();
        }
      }
    }
    long elapsed = System.nanoTime() - started;
    return new Measured(
        "PostgreSQL baseline: JDBC batched UPDATE",
        count,
        elapsed / 1e9,
        ProcessCpu.jvmNanos() - jvm,
        cpu.postgresNanos() - pg);
  }

  /** About what the service stores (its encoding is SuspendData's; the size is what matters). */
  private static String suspendData(Bookmark b) {
    return "1|"
        + b.getTopicId()
        + "|"
        + b.getChallengeId()
        + "|"
        + b.getStep()
        + "|"
        + b.getRevealedHints().stream()
            .map(String::valueOf)
            .reduce((x, y) -> x + "," + y)
            .orElse("")
        + "|";
  }

  private void produce(List<Heartbeat> heartbeats) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
    config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 262_144);
    config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, infra.schemaRegistryUrl());
    CatalogSerializer values = new CatalogSerializer();
    values.configure(config, false);
    try (KafkaProducer<String, Object> producer =
        new KafkaProducer<>(config, new StringSerializer(), values)) {
      for (Heartbeat heartbeat : heartbeats) {
        producer.send(
            new ProducerRecord<>(
                Topics.HEARTBEAT.name(),
                heartbeat.getMetadata().getRegistrationId().toString(),
                heartbeat));
      }
      producer.flush();
    }
  }

  private Map<TopicPartition, Long> endOffsets() throws Exception {
    try (Admin admin = admin()) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < Topics.HEARTBEAT.partitions(); p++) {
        latest.put(new TopicPartition(Topics.HEARTBEAT.name(), p), OffsetSpec.latest());
      }
      Map<TopicPartition, Long> end = new HashMap<>();
      admin.listOffsets(latest).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
      return end;
    }
  }

  private boolean committedAtLeast(Map<TopicPartition, Long> end) throws Exception {
    try (Admin admin = admin()) {
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(LISTENER).partitionsToOffsetAndMetadata().get();
      return end.entrySet().stream()
          .allMatch(
              e ->
                  e.getValue() == 0
                      || (committed.get(e.getKey()) != null
                          && committed.get(e.getKey()).offset() >= e.getValue()));
    }
  }

  private Admin admin() {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()));
  }
}

package io.learnpulse.lmssync.bench;

import io.learnpulse.events.v1.ScormCommitted;
import io.learnpulse.events.v1.ScormVersion;
import io.learnpulse.infra.EmbeddedInfrastructure;
import io.learnpulse.infra.Infrastructure;
import io.learnpulse.lmssync.LmsSyncApplication;
import io.learnpulse.lmssync.outbox.KafkaOutbox;
import io.learnpulse.lmssync.outbox.KafkaOutboxRelay;
import io.learnpulse.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntSupplier;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Kafka outbox relay's throughput on the embedded broker and PostgreSQL (ADR 0033): the batched
 * relay of the service ({@link KafkaOutboxRelay#drain}) side by side with the per-row relay it
 * replaced ({@link PerRowOutboxRelay}, the baseline), in one run, on the same kind of rows.
 *
 * <p>Starts the embedded infrastructure and the real service ({@link LmsSyncApplication}, its
 * listeners not started and its relay thread stopped, so only the benchmark drains). Per scenario,
 * {@code bench.rows} {@code ScormCommitted} rows (as {@code SummaryService} writes them: eight
 * elements, keyed by one of {@code bench.keys} registrations) are written through {@link
 * KafkaOutbox#append}, then timed from the start of the drain until every row is published (one
 * drain call: the relay reads, sends and marks batch after batch). CPU per 1,000 rows for this JVM
 * (service, broker, registry) and for the PostgreSQL processes. A warm-up of {@code bench.warmup}
 * rows per scenario runs first and is not reported.
 *
 * <p>Run: {@code ./mvnw -q -pl lms-sync-service -am test-compile -DskipTests -Poutbox-benchmark};
 * sizes with {@code -Dbench.rows=50000 -Dbench.keys=10000 -Dbench.rounds=2 -Dbench.warmup=5000
 * -Dbench.batch=500} (the batched relay's {@code outbox-batch-size}).
 */
public final class OutboxRelayBenchmark {

  private final ConfigurableApplicationContext app;
  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;
  private final KafkaOutbox outbox;
  private final KafkaOutboxRelay batched;
  private final PerRowOutboxRelay perRow;
  private final ProcessCpu cpu;
  private final int keys;
  private final UUID[] registrations;
  private long written;

  @SuppressWarnings("unchecked")
  private OutboxRelayBenchmark(Infrastructure infra, int keys, int batch) {
    this.app = startService(infra, batch);
    this.jdbc = app.getBean(JdbcClient.class);
    this.transactions = app.getBean(TransactionTemplate.class);
    this.outbox = app.getBean(KafkaOutbox.class);
    this.batched = app.getBean(KafkaOutboxRelay.class);
    // only the benchmark drains: the relay's own thread is stopped
    batched.stop();
    this.perRow = new PerRowOutboxRelay(jdbc, app.getBean(KafkaTemplate.class), transactions);
    this.cpu = new ProcessCpu(jdbc.sql("select pg_backend_pid()").query(Long.class).single());
    this.keys = keys;
    this.registrations = new UUID[keys];
    for (int i = 0; i < keys; i++) {
      registrations[i] =
          UUID.nameUUIDFromBytes(("bench-registration-" + i).getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Runs the benchmark and prints its results as a Markdown table. */
  public static void main(String[] args) throws Exception {
    int rows = Integer.getInteger("bench.rows", 50_000);
    int keys = Integer.getInteger("bench.keys", 10_000);
    int rounds = Integer.getInteger("bench.rounds", 2);
    int warmup = Integer.getInteger("bench.warmup", 5_000);
    int batch = Integer.getInteger("bench.batch", 500);
    List<Measured> results = new ArrayList<>();
    try (EmbeddedInfrastructure embedded = EmbeddedInfrastructure.start()) {
      Infrastructure infra = embedded.infrastructure().prepareCatalog();
      OutboxRelayBenchmark bench = new OutboxRelayBenchmark(infra, keys, batch);
      try {
        String perRowName = "per-row relay (before: send().get() and one UPDATE per row, 200/tx)";
        String batchedName = "batched relay (KafkaOutboxRelay, " + batch + " per batch)";
        bench.scenario("warm-up " + perRowName, warmup, bench.perRow::drain);
        bench.scenario("warm-up " + batchedName, warmup, bench.batched::drain);
        for (int round = 0; round < rounds; round++) {
          results.add(bench.scenario(perRowName, rows, bench.perRow::drain).print("rows"));
          results.add(bench.scenario(batchedName, rows, bench.batched::drain).print("rows"));
        }
      } finally {
        bench.app.close();
      }
    }
    Measured.table(
        String.format(Locale.ROOT, "%,d rows over %,d keys per scenario", rows, keys),
        "rows",
        results);
  }

  private static ConfigurableApplicationContext startService(Infrastructure infra, int batch) {
    return BenchService.start(
        infra,
        Map.of(
            "learnpulse.lms-sync.outbox-batch-size",
            batch,
            "spring.kafka.listener.auto-startup",
            "false"));
  }

  /** Writes {@code count} rows, then times {@code drain} publishing them all. */
  private Measured scenario(String name, int count, IntSupplier drain) {
    write(count);
    long jvm = ProcessCpu.jvmNanos();
    long pg = cpu.postgresNanos();
    long started = System.nanoTime();
    int published = 0;
    while (published < count) {
      int sent = drain.getAsInt();
      if (sent == 0) {
        throw new IllegalStateException(name + ": drained " + published + " of " + count);
      }
      published += sent;
    }
    long elapsed = System.nanoTime() - started;
    long left =
        jdbc.sql("select count(*) from kafka_outbox where published_at is null")
            .query(Long.class)
            .single();
    if (left != 0) {
      throw new IllegalStateException(name + ": " + left + " rows left unpublished");
    }
    return new Measured(
        name, count, elapsed / 1e9, ProcessCpu.jvmNanos() - jvm, cpu.postgresNanos() - pg);
  }

  /** {@code count} ScormCommitted rows, round-robin over the keys, 1,000 per transaction. */
  private void write(int count) {
    for (int from = 0; from < count; from += 1_000) {
      int to = Math.min(count, from + 1_000);
      int n = to - from;
      transactions.executeWithoutResult(
          status -> {
            for (int k = 0; k < n; k++, written++) {
              append(written);
            }
          });
    }
  }

  private void append(long number) {
    UUID registration = registrations[(int) (number % keys)];
    long sequence = number / keys + 1;
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Map<String, String> elements = new LinkedHashMap<>();
    elements.put("cmi.completion_status", "incomplete");
    elements.put("cmi.success_status", "unknown");
    elements.put("cmi.score.scaled", "0.75");
    elements.put("cmi.score.raw", "75");
    elements.put("cmi.progress_measure", "0.5");
    elements.put("cmi.session_time", "PT" + (30 * sequence) + "S");
    elements.put("cmi.location", "t/c" + (sequence % 5));
    elements.put("cmi.suspend_data", "1|t|c" + (sequence % 5) + "|" + (sequence % 7) + "|0,1|");
    ScormCommitted event =
        ScormCommitted.newBuilder()
            .setTenantId("bench")
            .setRegistrationId(registration)
            .setSessionId(registration)
            .setCommitSequence(sequence)
            .setScormVersion(ScormVersion.SCORM_2004_4TH)
            .setElements(elements)
            .setPolicyVersion(null)
            .setCommittedAt(now)
            .build();
    UUID eventId =
        UUID.nameUUIDFromBytes(
            ("bench-commit/" + registration + "/" + sequence).getBytes(StandardCharsets.UTF_8));
    outbox.append(Topics.SCORM_COMMIT.name(), registration.toString(), eventId, now, event);
  }
}

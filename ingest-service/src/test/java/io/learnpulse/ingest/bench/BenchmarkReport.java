package io.learnpulse.ingest.bench;

import io.learnpulse.ingest.bench.IngestLoadGenerator.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Renders the benchmark's results as the "ingest-service" section of docs/benchmarks.md. */
final class BenchmarkReport {

  static final String HEADING = "## ingest-service";
  static final String COMMAND = "./mvnw -q -pl ingest-service -am -Pbench process-test-classes";

  /**
   * Starts the hand-written part at the end of the section (the reading of the figures, history):
   * {@link #write} keeps everything from this line to the next section.
   */
  static final String HAND_WRITTEN =
      "<!-- hand-written below: kept when the benchmark rewrites the section -->";

  private BenchmarkReport() {}

  /** The run's parameters. */
  record Setup(
      Duration scenario,
      Duration warmup,
      int clients,
      int batch,
      int sessions,
      double singleOpenRate,
      double batchOpenRate) {}

  static String section(
      List<Result> results,
      Result noop,
      Result single,
      Result batch,
      ProducerPerformanceRun.Result perf,
      int recordSize,
      Setup setup) {
    StringBuilder md = new StringBuilder();
    md.append(HEADING).append("\n\n");
    md.append("Measured ")
        .append(IngestLoadGenerator.today())
        .append(" on ")
        .append(IngestLoadGenerator.machine())
        .append(".\n\n");
    md.append("```\n").append(COMMAND).append("\n```\n\n");
    md.append(
        """
        `io.learnpulse.ingest.bench.IngestLoadGenerator` (test sources; a program, not a timed test, \
        and not part of `verify`) runs everything in one JVM on the same 2 cores: a real KRaft \
        broker and the Kafka-backed registry (embedded-infra), ingest-service (the real \
        application, `SpringApplication` on a free port, producer `acks=all`, idempotent, \
        `linger.ms=5`, `batch.size=65536`) with a JWKS issuer standing in for lms-sync, a do-nothing WebFlux \
        functional endpoint on Reactor Netty answering `202` at once, and the load generator \
        (Reactor Netty client). CPU is the whole process (generator, server, broker, registry) \
        per 1,000 requests, from `OperatingSystemMXBean.getProcessCpuTime()`. Closed loop: each \
        client sends its next request when the previous one is answered. Open loop: requests at a \
        constant rate, latency from each request's scheduled send time (no coordinated omission).\
        """);
    md.append("\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Parameters: %d s per scenario after a %d s warm-up per target; %d closed-loop"
                + " clients; open loop at 50%% of the ingest closed-loop rate (%.0f req/s single,"
                + " %.0f req/s batched; the do-nothing endpoint gets the single rate); %d sessions"
                + " (tokens) round-robin; `challenge.opened` events; batches of %d; the Avro value"
                + " of one event is %d bytes.%n%n",
            setup.scenario().toSeconds(),
            setup.warmup().toSeconds(),
            setup.clients(),
            setup.singleOpenRate(),
            setup.batchOpenRate(),
            setup.sessions(),
            setup.batch(),
            recordSize));
    md.append(
        "| scenario | load | requests/s | events/s | p50 ms | p99 ms | p99.9 ms | CPU s / 1,000"
            + " req | non-2xx |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Result r : results) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.0f | %.0f | %.2f | %.2f | %.2f | %.3f | %d |%n",
              r.name(),
              r.load(),
              r.requestsPerSecond(),
              r.eventsPerSecond(),
              r.percentileMillis(50),
              r.percentileMillis(99),
              r.percentileMillis(99.9),
              r.cpuSecondsPer1000(),
              r.failed()));
    }
    md.append(
        String.format(
            Locale.ROOT,
            "| Kafka `ProducerPerformance` (%d-byte records, acks=all, idempotent, linger.ms=5) | max rate |"
                + " — | %.0f records/s | %.0f | %.0f | %.0f | %.4f per 1,000 records | — |%n%n",
            recordSize,
            perf.recordsPerSecond(),
            perf.p50Millis(),
            perf.p99Millis(),
            perf.p999Millis(),
            perf.cpuSecondsPer1000Records()));
    double singleRatio = single.requestsPerSecond() / noop.requestsPerSecond();
    double batchRatio = batch.eventsPerSecond() / perf.recordsPerSecond();
    md.append("Against the [targets](design.md#targets) (closed-loop throughput, same run):\n\n");
    md.append("| target | measured | ratio | required | met |\n|---|---|---:|---:|---|\n");
    md.append(
        String.format(
            Locale.ROOT,
            "| one event per request, 202 after the Kafka ack, vs the do-nothing endpoint |"
                + " %.0f vs %.0f req/s | %.0f%% | ≥ 60%% | %s |%n",
            single.requestsPerSecond(),
            noop.requestsPerSecond(),
            100 * singleRatio,
            singleRatio >= 0.6 ? "yes" : "**no**"));
    md.append(
        String.format(
            Locale.ROOT,
            "| batches of %d events vs Kafka's ProducerPerformance (records/s) | %.0f vs %.0f"
                + " events/s | %.0f%% | ≥ 50%% | %s |%n%n",
            setup.batch(),
            batch.eventsPerSecond(),
            perf.recordsPerSecond(),
            100 * batchRatio,
            batchRatio >= 0.5 ? "yes" : "**no**"));
    md.append("ProducerPerformance command: `").append(perf.command()).append("`.\n");
    return md.toString();
  }

  /** Replaces (or appends) the section in {@code file}, creating the file if needed. */
  static void write(Path file, String section) throws IOException {
    String existing =
        Files.exists(file)
            ? Files.readString(file, StandardCharsets.UTF_8)
            : "# Benchmarks\n\nResults of the benchmark programs in the repository; each section"
                + " names its command.\n";
    int start = existing.indexOf(HEADING + "\n");
    String updated;
    if (start < 0) {
      updated = existing.stripTrailing() + "\n\n" + section;
    } else {
      int next = existing.indexOf("\n## ", start + HEADING.length());
      String old = next < 0 ? existing.substring(start) : existing.substring(start, next + 1);
      int kept = old.indexOf(HAND_WRITTEN);
      String handWritten = kept < 0 ? "" : "\n" + old.substring(kept).stripTrailing() + "\n";
      String rest = next < 0 ? "" : existing.substring(next + 1);
      updated =
          existing.substring(0, start)
              + section
              + handWritten
              + (rest.isEmpty() ? "" : "\n" + rest);
    }
    Files.writeString(file, updated.stripTrailing() + "\n", StandardCharsets.UTF_8);
  }
}

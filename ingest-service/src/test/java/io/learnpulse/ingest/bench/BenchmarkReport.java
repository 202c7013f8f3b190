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
      Duration step,
      int clients,
      int connections,
      int batch,
      int sessions,
      double batchOpenRate) {}

  /** The run's measurements. */
  record Figures(
      List<Result> fixed,
      Result noop,
      Result single,
      Result batch,
      IngestLoadGenerator.Ramp noopRamp,
      IngestLoadGenerator.Ramp singleRamp,
      ProducerPerformanceRun.Result perf,
      int recordSize,
      double idleCpuMillisPerSecond) {}

  static String section(Figures f, Setup setup) {
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
        per request, from `OperatingSystemMXBean.getProcessCpuTime()`. Open loop: requests at a \
        constant offered rate spread over about 1,000 keep-alive connections (a FIFO pool opened \
        up front, so every connection carries a request now and then, like learners), latency from \
        each request's scheduled send time (no coordinated omission); the rate is stepped up ×1.5, \
        then bisected twice, until a rate fails to hold in two runs in a row (a stall of the shared machine can fail one run at any rate) p99 ≤ 50 ms with no error and the offered \
        rate achieved (≥ 97%): the highest rate held is the capacity. Closed loop: each client \
        sends its next request when the previous one is answered (saturation; CPU per request).\
        """);
    md.append("\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Parameters: %d s per open-loop step, %d s per other scenario, after a warm-up per"
                + " target of at least %d s and until the JIT settled (5 s windows whose CPU per"
                + " request is within 10%% of the one before, compilers mostly idle; at most 240 s); %d open-loop connections per server; %d closed-loop clients; %d"
                + " sessions (tokens) round-robin; `challenge.opened` events; batches of %d (open"
                + " loop at half the closed-loop rate, %.0f req/s); the Avro value of one event is"
                + " %d bytes; the idle process (broker, registry, timers, nothing sent) took %.1f ms"
                + " of CPU per second.%n%n",
            setup.step().toSeconds(),
            setup.scenario().toSeconds(),
            setup.warmup().toSeconds(),
            setup.connections(),
            setup.clients(),
            setup.sessions(),
            setup.batch(),
            setup.batchOpenRate(),
            f.recordSize(),
            f.idleCpuMillisPerSecond()));

    md.append("Open loop, single-event requests, rate steps in the order run:\n\n");
    md.append(
        "| target | offered req/s | achieved req/s | p50 ms | p99 ms | p99.9 ms | errors |"
            + " client connections open (both servers) | CPU ms / req | held |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (IngestLoadGenerator.Ramp ramp : List.of(f.noopRamp(), f.singleRamp())) {
      for (Result r : ramp.steps()) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %.0f | %.0f | %.2f | %.2f | %.2f | %d | %d | %.3f | %s |%n",
                ramp.name(),
                r.offeredPerSecond(),
                r.requestsPerSecond(),
                r.percentileMillis(50),
                r.percentileMillis(99),
                r.percentileMillis(99.9),
                r.failed(),
                r.connections(),
                r.cpuMillisPerRequest(),
                IngestLoadGenerator.held(r) ? "yes" : "no"));
      }
    }
    md.append("\nOther scenarios:\n\n");
    md.append(
        "| scenario | load | requests/s | events/s | p50 ms | p99 ms | p99.9 ms | CPU ms / req |"
            + " errors |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Result r : f.fixed()) {
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
              r.cpuMillisPerRequest(),
              r.failed()));
    }
    ProducerPerformanceRun.Result perf = f.perf();
    md.append(
        String.format(
            Locale.ROOT,
            "| Kafka `ProducerPerformance` (%d-byte records, acks=all, idempotent, linger.ms=5) |"
                + " max rate | — | %.0f records/s | %.0f | %.0f | %.0f | %.4f per record | — |%n%n",
            f.recordSize(),
            perf.recordsPerSecond(),
            perf.p50Millis(),
            perf.p99Millis(),
            perf.p999Millis(),
            perf.cpuSecondsPer1000Records()));

    md.append("Against the [targets](design.md#targets) (same run):\n\n");
    md.append("| target | measured | required | met |\n|---|---|---|---|\n");
    Result held = f.singleRamp().held();
    Result noopHeld = f.noopRamp().held();
    md.append(
        String.format(
            Locale.ROOT,
            "| ingest, one event per request, 202 after the Kafka ack: capacity in open loop at"
                + " ~%d connections | %s (do-nothing endpoint: %s) | p99 ≤ 50 ms, no errors, at"
                + " ~1,000 connections | %s |%n",
            setup.connections(),
            capacity(f.singleRamp()),
            capacity(f.noopRamp()),
            held != null && held.connections() >= 0.9 * setup.connections()
                ? "measured (the design sets no rate)"
                : "**no**"));
    double cpuBound = 3 * (f.noop().cpuMillisPerRequest() + perf.cpuSecondsPer1000Records());
    md.append(
        String.format(
            Locale.ROOT,
            "| ingest, one event per request: CPU per request (closed loop, whole process) |"
                + " %.3f ms vs do-nothing %.3f ms + ProducerPerformance %.4f ms per record (%.1f×)"
                + " | ≤ 3× (≤ %.3f ms) | %s |%n",
            f.single().cpuMillisPerRequest(),
            f.noop().cpuMillisPerRequest(),
            perf.cpuSecondsPer1000Records(),
            f.single().cpuMillisPerRequest() / (cpuBound / 3),
            cpuBound,
            f.single().cpuMillisPerRequest() <= cpuBound ? "yes" : "**no**"));
    Result sameRate = commonHeldRate(f.singleRamp(), f.noopRamp());
    if (sameRate != null) {
      Result noopSame = stepAt(f.noopRamp(), sameRate.offeredPerSecond());
      double openBound = 3 * (noopSame.cpuMillisPerRequest() + perf.cpuSecondsPer1000Records());
      md.append(
          String.format(
              Locale.ROOT,
              "| the same in open loop at %.0f req/s (the highest step both held; idle process"
                  + " %.3f ms per request of it) | %.3f ms vs do-nothing %.3f ms + %.4f ms (%.1f×)"
                  + " | ≤ 3× (≤ %.3f ms) | %s |%n",
              sameRate.offeredPerSecond(),
              f.idleCpuMillisPerSecond() / sameRate.offeredPerSecond(),
              sameRate.cpuMillisPerRequest(),
              noopSame.cpuMillisPerRequest(),
              perf.cpuSecondsPer1000Records(),
              sameRate.cpuMillisPerRequest() / (openBound / 3),
              openBound,
              sameRate.cpuMillisPerRequest() <= openBound ? "yes" : "**no**"));
    }
    double batchRatio = f.batch().eventsPerSecond() / perf.recordsPerSecond();
    md.append(
        String.format(
            Locale.ROOT,
            "| ingest, batches of %d events (closed loop) vs Kafka's ProducerPerformance"
                + " (records/s) | %.0f vs %.0f events/s (%.0f%%) | ≥ 50%% | %s |%n%n",
            setup.batch(),
            f.batch().eventsPerSecond(),
            perf.recordsPerSecond(),
            100 * batchRatio,
            batchRatio >= 0.5 ? "yes" : "**no**"));
    if (noopHeld != null && held != null) {
      md.append(
          String.format(
              Locale.ROOT,
              "Ingest's capacity is %.0f%% of the do-nothing endpoint's in the same open loop.%n%n",
              100 * held.offeredPerSecond() / noopHeld.offeredPerSecond()));
    }
    md.append("ProducerPerformance command: `").append(perf.command()).append("`.\n");
    return md.toString();
  }

  private static String capacity(IngestLoadGenerator.Ramp ramp) {
    if (ramp.held() == null) {
      return "not even the first step held";
    }
    Result held = ramp.held();
    String bound = ramp.failed() == null ? "≥ " : "";
    return String.format(
        Locale.ROOT,
        "%s%.0f req/s (p99 %.1f ms)%s",
        bound,
        held.offeredPerSecond(),
        held.percentileMillis(99),
        ramp.failed() == null
            ? ", every step held"
            : String.format(
                Locale.ROOT, "; %.0f req/s did not hold", ramp.failed().offeredPerSecond()));
  }

  /** The highest-rate step of {@code ramp} that held and whose rate {@code other} also held. */
  private static Result commonHeldRate(
      IngestLoadGenerator.Ramp ramp, IngestLoadGenerator.Ramp other) {
    Result best = null;
    for (Result r : ramp.steps()) {
      Result same = stepAt(other, r.offeredPerSecond());
      if (IngestLoadGenerator.held(r)
          && same != null
          && IngestLoadGenerator.held(same)
          && (best == null || r.offeredPerSecond() > best.offeredPerSecond())) {
        best = r;
      }
    }
    return best;
  }

  private static Result stepAt(IngestLoadGenerator.Ramp ramp, double rate) {
    for (Result r : ramp.steps()) {
      if (Math.abs(r.offeredPerSecond() - rate) < 0.5) {
        return r;
      }
    }
    return null;
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

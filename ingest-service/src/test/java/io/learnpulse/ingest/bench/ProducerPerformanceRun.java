package io.learnpulse.ingest.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * Kafka's own {@code ProducerPerformance} (kafka-tools at Boot's Kafka version) against the
 * benchmark's broker, with ingest-service's delivery guarantees ({@code acks=all}, idempotence) and
 * ingest's {@code linger.ms=5} (Kafka's default batch size, which a max-rate run fills anyway): the
 * ceiling the batched endpoint is compared with. A short calibration run sizes the measured run to
 * about the scenario duration.
 */
final class ProducerPerformanceRun {

  private static final Pattern SUMMARY =
      Pattern.compile(
          "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg"
              + " latency, ([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms"
              + " 99th, (\\d+) ms 99.9th");

  private ProducerPerformanceRun() {}

  /** What one run reported. */
  record Result(
      long records,
      double recordsPerSecond,
      double megabytesPerSecond,
      double p50Millis,
      double p99Millis,
      double p999Millis,
      double cpuSecondsPer1000Records,
      String command) {

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "ProducerPerformance: %d records, %.0f records/s (%.2f MB/s), p50 %.0f ms, p99 %.0f ms,"
              + " p99.9 %.0f ms, CPU %.4f s/1000 records",
          records,
          recordsPerSecond,
          megabytesPerSecond,
          p50Millis,
          p99Millis,
          p999Millis,
          cpuSecondsPer1000Records);
    }
  }

  /** Calibrates, then runs for about {@code duration}. */
  static Result run(String bootstrapServers, String topic, int recordSize, Duration duration) {
    Result calibration = once(bootstrapServers, topic, recordSize, 200_000);
    System.out.println("calibration " + calibration);
    long records =
        Math.max(100_000, Math.round(calibration.recordsPerSecond() * duration.toSeconds()));
    return once(bootstrapServers, topic, recordSize, records);
  }

  private static Result once(String bootstrapServers, String topic, int recordSize, long records) {
    String[] args = {
      "--topic",
      topic,
      "--num-records",
      Long.toString(records),
      "--record-size",
      Integer.toString(recordSize),
      "--throughput",
      "-1",
      "--producer-props",
      "bootstrap.servers=" + bootstrapServers,
      "acks=all",
      "enable.idempotence=true",
      "linger.ms=5",
      "max.in.flight.requests.per.connection=5"
    };
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    long cpuBefore = cpuNanos();
    try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      ProducerPerformance.main(args);
    } catch (Exception e) {
      throw new IllegalStateException("ProducerPerformance failed", e);
    } finally {
      System.setOut(original);
    }
    long cpu = cpuNanos() - cpuBefore;
    String output = captured.toString(StandardCharsets.UTF_8);
    Matcher summary = null;
    for (String line : output.split("\n")) {
      Matcher m = SUMMARY.matcher(line);
      if (m.find()) {
        summary = m;
      }
    }
    if (summary == null) {
      throw new IllegalStateException("no ProducerPerformance summary in:\n" + output);
    }
    long sent = Long.parseLong(summary.group(1));
    return new Result(
        sent,
        Double.parseDouble(summary.group(2)),
        Double.parseDouble(summary.group(3)),
        Double.parseDouble(summary.group(6)),
        Double.parseDouble(summary.group(8)),
        Double.parseDouble(summary.group(9)),
        (cpu / 1e9) / (sent / 1000.0),
        "ProducerPerformance " + String.join(" ", Arrays.asList(args)));
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}

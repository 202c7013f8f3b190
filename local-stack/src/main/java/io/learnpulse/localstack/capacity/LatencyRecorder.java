package io.learnpulse.localstack.capacity;

import java.util.Arrays;

/**
 * Latencies of one kind in one rate step, kept exactly (a step holds at most a few million values)
 * so percentiles are nearest-rank on the real samples, not bucket estimates. Thread-safe.
 */
final class LatencyRecorder {

  private long[] micros = new long[1024];
  private int count;

  /** Records one latency in microseconds; negative values (clock granularity) count as zero. */
  synchronized void record(long latencyMicros) {
    if (count == micros.length) {
      micros = Arrays.copyOf(micros, count * 2);
    }
    micros[count++] = Math.max(0, latencyMicros);
  }

  /** The p50, p99 and maximum of what was recorded so far. */
  synchronized Percentiles percentiles() {
    if (count == 0) {
      return Percentiles.NONE;
    }
    long[] sorted = Arrays.copyOf(micros, count);
    Arrays.sort(sorted);
    return new Percentiles(
        count,
        rank(sorted, 0.50) / 1000.0,
        rank(sorted, 0.99) / 1000.0,
        sorted[count - 1] / 1000.0);
  }

  /** Nearest-rank percentile: the smallest value with at least {@code q} of the samples ≤ it. */
  static long rank(long[] sorted, double q) {
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /**
   * Summary of a latency distribution in milliseconds.
   *
   * @param count samples
   * @param p50 median
   * @param p99 99th percentile
   * @param max largest sample
   */
  record Percentiles(long count, double p50, double p99, double max) {
    static final Percentiles NONE = new Percentiles(0, 0, 0, 0);

    /** {@code p50 / p99 / max} in ms, or a dash without samples. */
    String cell() {
      return count == 0 ? "—" : String.format("%s / %s / %s", ms(p50), ms(p99), ms(max));
    }

    private static String ms(double value) {
      return value >= 100 ? String.format("%.0f", value) : String.format("%.1f", value);
    }
  }
}

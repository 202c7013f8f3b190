package io.learnpulse.localstack.capacity;

import java.util.List;

/**
 * Whether a consumer group's lag stayed flat over a step: the least-squares slope of its samples,
 * times the step's length, grew by no more than a tolerance (records), or the lag ended under that
 * tolerance anyway. A consumer that keeps up shows a saw-tooth around a small value; one that falls
 * behind shows a steady climb.
 */
final class LagTrend {

  /**
   * A lag sample.
   *
   * @param seconds when, from any fixed origin
   * @param lag records behind the log end, summed over the group's partitions
   */
  record Sample(double seconds, long lag) {}

  private LagTrend() {}

  /** The growth of the lag over the samples' time span, from a least-squares line (records). */
  static double growth(List<Sample> samples) {
    if (samples.size() < 2) {
      return 0;
    }
    double n = samples.size();
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (Sample s : samples) {
      sx += s.seconds();
      sy += s.lag();
      sxx += s.seconds() * s.seconds();
      sxy += s.seconds() * s.lag();
    }
    double denominator = n * sxx - sx * sx;
    if (denominator == 0) {
      return 0;
    }
    double slope = (n * sxy - sx * sy) / denominator;
    double span = samples.get(samples.size() - 1).seconds() - samples.get(0).seconds();
    return slope * span;
  }

  /** True when the lag grew by at most {@code tolerance} records, or ended at most that high. */
  static boolean flat(List<Sample> samples, long tolerance) {
    if (samples.isEmpty()) {
      return true;
    }
    return growth(samples) <= tolerance || samples.get(samples.size() - 1).lag() <= tolerance;
  }
}

package io.learnpulse.localstack.capacity;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When simulated learners act, independent of when the system answers (open loop): each next action
 * is planned from the previous action's planned time, so a slow answer never delays the next
 * request, and latency is measured from the planned time (no coordinated omission). Heartbeats
 * every interval ± jitter with a random phase per learner, player events with exponential gaps (a
 * Poisson stream per learner), sessions of exponential length.
 */
final class OpenLoopSchedule {

  private final long heartbeatNanos;
  private final long jitterNanos;
  private final long eventMeanNanos;
  private final long sessionMeanNanos;

  OpenLoopSchedule(CapacitySettings settings) {
    this(
        settings.heartbeatEvery(),
        settings.heartbeatJitter(),
        settings.eventEvery(),
        settings.sessionMean());
  }

  OpenLoopSchedule(
      Duration heartbeatEvery, Duration jitter, Duration eventMean, Duration sessionMean) {
    this.heartbeatNanos = heartbeatEvery.toNanos();
    this.jitterNanos = Math.min(jitter.toNanos(), heartbeatNanos / 2);
    this.eventMeanNanos = eventMean.toNanos();
    this.sessionMeanNanos = sessionMean.toNanos();
  }

  /** Offset of the {@code i}-th of {@code count} learners launched evenly over {@code ramp}. */
  static long launchOffsetNanos(int i, int count, Duration ramp) {
    return count == 0 ? 0 : ramp.toNanos() * i / count;
  }

  /** From launch to the first heartbeat: a random phase within one interval. */
  long firstHeartbeat(RandomGenerator random) {
    return random.nextLong(1, heartbeatNanos + 1);
  }

  /** From one heartbeat to the next: the interval ± jitter. */
  long nextHeartbeat(RandomGenerator random) {
    return jitterNanos == 0
        ? heartbeatNanos
        : heartbeatNanos + random.nextLong(-jitterNanos, jitterNanos + 1);
  }

  /** From one player event to the next: exponential with the configured mean. */
  long nextEvent(RandomGenerator random) {
    return exponential(random, eventMeanNanos);
  }

  /** From launch to suspend, or -1 when learners never suspend. */
  long sessionLength(RandomGenerator random) {
    return sessionMeanNanos <= 0 ? -1 : exponential(random, sessionMeanNanos);
  }

  /** Requests per second {@code learners} offer in steady state (heartbeats + events). */
  double steadyRate(int learners) {
    return learners * (1e9 / heartbeatNanos + 1e9 / eventMeanNanos);
  }

  private static long exponential(RandomGenerator random, long meanNanos) {
    // 1 - U is in (0, 1], so the log is finite
    return Math.max(1, (long) (-Math.log(1 - random.nextDouble()) * meanNanos));
  }
}

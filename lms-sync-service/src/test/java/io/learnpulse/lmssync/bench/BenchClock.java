package io.learnpulse.lmssync.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The service's clock in a benchmark: real time plus an offset the benchmark moves forward, so a
 * scenario can run with every session's last commit older than {@code session-time-commit-interval}
 * without waiting for it. Registered as the primary clock by the benchmark only (not a component).
 */
public class BenchClock extends Clock {

  private volatile Duration offset = Duration.ZERO;

  /** Moves the clock forward. */
  void advance(Duration by) {
    offset = offset.plus(by);
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the service clock is UTC");
  }
}

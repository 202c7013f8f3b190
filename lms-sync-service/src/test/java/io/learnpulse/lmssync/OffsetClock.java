package io.learnpulse.lmssync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The service's clock in integration tests and benchmarks: real time plus an offset moved forward,
 * so sessions become inactive or abandoned, or commits old enough, without waiting.
 */
public class OffsetClock extends Clock {

  private volatile Duration offset = Duration.ZERO;

  /** Moves the clock forward. */
  public void advance(Duration by) {
    offset = offset.plus(by);
  }

  /** Back to real time. */
  public void reset() {
    offset = Duration.ZERO;
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

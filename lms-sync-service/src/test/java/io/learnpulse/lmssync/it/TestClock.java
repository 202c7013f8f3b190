package io.learnpulse.lmssync.it;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The service's clock in integration tests: real time plus an offset the test moves forward (to let
 * sessions become inactive or abandoned without waiting), and resets afterwards.
 */
final class TestClock extends Clock {

  private volatile Duration offset = Duration.ZERO;

  /** Moves the clock forward. */
  void advance(Duration by) {
    offset = offset.plus(by);
  }

  /** Back to real time. */
  void reset() {
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

  /** Makes the test clock the service's clock. */
  @TestConfiguration(proxyBeanMethods = false)
  static class Configuration {

    @Bean
    @Primary
    TestClock testClock() {
      return new TestClock();
    }
  }
}

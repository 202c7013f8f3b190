package io.learnpulse.lmssync.it;

import io.learnpulse.lmssync.OffsetClock;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The service's clock in integration tests: real time plus an offset the test moves forward (to let
 * sessions become inactive or abandoned without waiting), and resets afterwards.
 */
final class TestClock extends OffsetClock {

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

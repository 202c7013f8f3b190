package io.learnpulse.xapi.statement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatementJsonTest {

  @Test
  void writesTimestampsInUtcWithMilliseconds() {
    assertThat(StatementJson.timestamp(Instant.parse("2026-03-02T09:00:00Z")))
        .isEqualTo("2026-03-02T09:00:00.000Z");
    assertThat(StatementJson.timestamp(Instant.parse("2026-03-02T09:00:00.123456789Z")))
        .isEqualTo("2026-03-02T09:00:00.123Z");
  }

  @Test
  void writesDurationsWithAtMostTwoDecimalsOfSeconds() {
    assertThat(StatementJson.duration(Duration.ZERO)).isEqualTo("PT0S");
    assertThat(StatementJson.duration(Duration.ofMillis(3_254))).isEqualTo("PT3.25S");
    assertThat(StatementJson.duration(Duration.ofMillis(3_255))).isEqualTo("PT3.26S");
    assertThat(StatementJson.duration(Duration.ofMinutes(65).plusMillis(3_250)))
        .isEqualTo("PT1H5M3.25S");
    assertThat(StatementJson.duration(Duration.ofHours(2))).isEqualTo("PT2H");
    assertThat(StatementJson.duration(Duration.ofSeconds(60))).isEqualTo("PT1M");
  }
}

package io.learnpulse.lmssync.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadBackTest {

  private static final Map<String, String> SENT =
      Map.of(
          "cmi.core.lesson_status", "passed",
          "cmi.core.score.raw", "87.5",
          "cmi.core.session_time", "00:01:00");

  @Test
  void numbersCompareByValue() {
    assertThat(
            BridgeController.readBackMatches(
                SENT, Map.of("cmi.core.score.raw", "87.50", "cmi.core.lesson_status", "passed")))
        .isTrue();
  }

  @Test
  void aStatusTheLmsChangedIsAMismatch() {
    assertThat(BridgeController.readBackMatches(SENT, Map.of("cmi.core.lesson_status", "failed")))
        .isFalse();
  }

  @Test
  void valuesNotSentAndAMissingReadBackAreIgnored() {
    assertThat(BridgeController.readBackMatches(SENT, Map.of("cmi.core.total_time", "1:00:00")))
        .isTrue();
    assertThat(BridgeController.readBackMatches(SENT, null)).isTrue();
  }
}

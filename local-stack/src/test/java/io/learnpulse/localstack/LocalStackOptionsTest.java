package io.learnpulse.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The command line: the demo port follows the offset, {@code --simulate} takes a learner count,
 * {@code --c2} switches the services to production JIT.
 */
class LocalStackOptionsTest {

  @Test
  void theDemoPortIs8087AndMovesWithTheOffset() {
    assertThat(LocalStackOptions.parse().ports().demo()).isEqualTo(8087);
    assertThat(LocalStackOptions.parse("--port-offset", "1000").ports().demo()).isEqualTo(9087);
    assertThat(LocalStackOptions.parse().simulate()).isZero();
  }

  @Test
  void servicesRunC1OnlyUnlessC2IsAskedFor() {
    assertThat(LocalStackOptions.parse().c2()).isFalse();
    assertThat(LocalStackOptions.parse("--c2", "--port-offset", "7000").c2()).isTrue();
  }

  @Test
  void simulateTakesANumberOfLearners() {
    assertThat(LocalStackOptions.parse("--simulate", "25").simulate()).isEqualTo(25);
    assertThatThrownBy(() -> LocalStackOptions.parse("--simulate", "-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--simulate");
    assertThatThrownBy(() -> LocalStackOptions.parse("--simulate"))
        .hasMessageContaining("--simulate needs a value");
  }
}

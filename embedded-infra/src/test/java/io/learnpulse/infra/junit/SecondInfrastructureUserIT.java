package io.learnpulse.infra.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.infra.Infrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@LearnPulseInfrastructure
class SecondInfrastructureUserIT {

  private static Infrastructure fromBeforeAll;

  @BeforeAll
  static void capture(Infrastructure infrastructure) {
    fromBeforeAll = infrastructure;
  }

  @Test
  void everyTestClassGetsTheSameInstance(Infrastructure infrastructure) {
    assertThat(infrastructure).isSameAs(fromBeforeAll).isSameAs(Infrastructure.shared());
  }
}

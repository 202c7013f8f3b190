package io.learnpulse.scoring.streams;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.health.contributor.Status;

class KafkaStreamsHealthIndicatorTest {

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "CREATED, OUT_OF_SERVICE",
    "REBALANCING, OUT_OF_SERVICE",
    "RUNNING, UP",
    "PENDING_SHUTDOWN, DOWN",
    "NOT_RUNNING, DOWN",
    "PENDING_ERROR, DOWN",
    "ERROR, DOWN"
  })
  void readinessFollowsTheStreamsState(State state, String expected) {
    assertThat(KafkaStreamsHealthIndicator.health(state).getStatus())
        .isEqualTo(new Status(expected));
  }

  @Test
  void notCreatedYetIsDown() {
    assertThat(KafkaStreamsHealthIndicator.health(null).getStatus()).isEqualTo(Status.DOWN);
  }
}

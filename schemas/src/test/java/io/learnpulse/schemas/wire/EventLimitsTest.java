package io.learnpulse.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventLimitsTest {

  @Test
  void acceptsOrdinaryIdentifiers() {
    assertThat(EventLimits.idProblem("learner-42@example.com")).isEmpty();
    assertThat(EventLimits.idProblem("Zoë 😀 ü")).isEmpty();
    assertThat(EventLimits.idProblem("x".repeat(EventLimits.MAX_ID_LENGTH))).isEmpty();
  }

  @Test
  void refusesEmptyLongControlAndBrokenIdentifiers() {
    assertThat(EventLimits.idProblem("")).contains("must not be empty");
    assertThat(EventLimits.idProblem("x".repeat(EventLimits.MAX_ID_LENGTH + 1)))
        .contains("must be at most 255 characters");
    assertThat(EventLimits.idProblem("a\u0000b")).contains("must not contain control characters");
    assertThat(EventLimits.idProblem("a\u0085b")).contains("must not contain control characters");
    assertThat(EventLimits.idProblem(" a")).contains("must not start or end with white space");
    assertThat(EventLimits.idProblem("a\uD800")).contains("must be well-formed Unicode");
    assertThat(EventLimits.idProblem("\uDC00a")).contains("must be well-formed Unicode");
  }

  @Test
  void boundsActiveTimeIndexesAndSequences() {
    assertThat(EventLimits.activeMillisInRange(30_000)).isTrue();
    assertThat(EventLimits.activeMillisInRange(90_000)).isTrue();
    assertThat(EventLimits.activeMillisInRange(90_001)).isFalse();
    assertThat(EventLimits.activeMillisInRange(Long.MAX_VALUE - 1)).isFalse();
    assertThat(EventLimits.activeMillisInRange(-1)).isFalse();
    assertThat(EventLimits.indexInRange(1_001)).isFalse();
    assertThat(EventLimits.sequenceInRange(EventLimits.MAX_SEQUENCE + 1)).isFalse();
  }
}

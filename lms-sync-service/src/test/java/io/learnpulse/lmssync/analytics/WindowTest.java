package io.learnpulse.lmssync.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.learnpulse.lmssync.error.InvalidValueException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The time axis of the cohort analytics: defaults, UTC buckets, and the bound on its size. */
class WindowTest {

  private static final Instant NOW = Instant.parse("2026-12-02T06:31:12Z");

  @Test
  void defaultsToThirtyDaysOrFortyEightHoursEndingInTheBucketOfNow() {
    Window days = Window.of(null, null, null, NOW);
    assertThat(days.unit()).isEqualTo("day");
    assertThat(days.buckets()).isEqualTo(30);
    assertThat(days.last()).isEqualTo(Instant.parse("2026-12-02T00:00:00Z"));
    assertThat(days.end()).isEqualTo(Instant.parse("2026-12-03T00:00:00Z"));

    Window hours = Window.of("HOUR", null, null, NOW);
    assertThat(hours.buckets()).isEqualTo(48);
    assertThat(hours.first()).isEqualTo(Instant.parse("2026-11-30T07:00:00Z"));
    assertThat(hours.end()).isEqualTo(Instant.parse("2026-12-02T07:00:00Z"));
  }

  @Test
  void refusesAnUnknownBucketAReversedRangeAndMoreThan400BucketsNamingTheParameter() {
    assertThatThrownBy(() -> Window.of("week", null, null, NOW))
        .isInstanceOfSatisfying(
            InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("bucket"));
    assertThatThrownBy(() -> Window.of("day", NOW, NOW.minusSeconds(1), NOW))
        .isInstanceOfSatisfying(
            InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("from"));
    assertThat(Window.of("day", NOW.minusSeconds(399L * 86_400), NOW, NOW).buckets())
        .isEqualTo(400);
    assertThatThrownBy(() -> Window.of("day", NOW.minusSeconds(400L * 86_400), NOW, NOW))
        .isInstanceOfSatisfying(
            InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("from"));
  }
}

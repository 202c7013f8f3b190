package io.learnpulse.lmssync.scorm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScormTimeTest {

  /** CMITimespan as SCORM 1.2 defines it. */
  private static final Pattern CMI_TIMESPAN =
      Pattern.compile("^\\d{2,4}:[0-5]\\d:[0-5]\\d(\\.\\d{1,2})?$");

  /** The subset of ISO 8601 durations LearnPulse writes, at most two decimals. */
  private static final Pattern ISO_DURATION =
      Pattern.compile("^PT(\\d+H)?([0-5]?\\d M)?([0-5]?\\d(\\.\\d{1,2})?S)?$".replace(" ", ""));

  @ParameterizedTest(name = "{0} ms -> {1} / {2}")
  @CsvSource({
    "0, 00:00:00, PT0S",
    "4, 00:00:00, PT0S",
    "5, 00:00:00.01, PT0.01S",
    "10, 00:00:00.01, PT0.01S",
    "250, 00:00:00.25, PT0.25S",
    "500, 00:00:00.50, PT0.5S",
    "3250, 00:00:03.25, PT3.25S",
    "59990, 00:00:59.99, PT59.99S",
    "59994, 00:00:59.99, PT59.99S",
    "59995, 00:01:00, PT1M",
    "59999, 00:01:00, PT1M",
    "60000, 00:01:00, PT1M",
    "61000, 00:01:01, PT1M1S",
    "3599995, 01:00:00, PT1H",
    "3903250, 01:05:03.25, PT1H5M3.25S",
    "3600010, 01:00:00.01, PT1H0.01S",
    "36000000, 10:00:00, PT10H",
    "359999990, 99:59:59.99, PT99H59M59.99S",
    "360000000, 100:00:00, PT100H",
    "35999999990, 9999:59:59.99, PT9999H59M59.99S",
    "35999999995, 9999:59:59.99, PT10000H",
    "36000000000, 9999:59:59.99, PT10000H",
    "360000000000, 9999:59:59.99, PT100000H",
  })
  void formatsMillisInBothVersions(long millis, String timespan, String iso) {
    Duration duration = Duration.ofMillis(millis);

    assertThat(ScormTime.cmiTimespan(duration)).isEqualTo(timespan).matches(CMI_TIMESPAN);
    assertThat(ScormTime.isoDuration(duration)).isEqualTo(iso).matches(ISO_DURATION);
  }

  @Test
  void roundsHalfUpOnTheExactNanosecondValue() {
    assertThat(ScormTime.cmiTimespan(Duration.ofNanos(4_999_999))).isEqualTo("00:00:00");
    assertThat(ScormTime.cmiTimespan(Duration.ofNanos(5_000_000))).isEqualTo("00:00:00.01");
    assertThat(ScormTime.isoDuration(Duration.ofSeconds(59, 999_999_999))).isEqualTo("PT1M");
  }

  @Test
  void treatsNegativeDurationsAsZero() {
    assertThat(ScormTime.cmiTimespan(Duration.ofSeconds(-5))).isEqualTo("00:00:00");
    assertThat(ScormTime.isoDuration(Duration.ofSeconds(-5))).isEqualTo("PT0S");
  }

  @Test
  void neverOverflowsOnHugeDurations() {
    Duration huge = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);

    assertThat(ScormTime.cmiTimespan(huge)).isEqualTo("9999:59:59.99");
    assertThat(ScormTime.isoDuration(huge)).matches(ISO_DURATION);
  }

  @Test
  void everyHundredthOfTheFirstTwoHoursIsWellFormedAndRoundTrips() {
    for (long centis = 0; centis < 2 * 360_000; centis += 7) {
      Duration duration = Duration.ofMillis(centis * 10);
      String timespan = ScormTime.cmiTimespan(duration);
      String iso = ScormTime.isoDuration(duration);

      assertThat(timespan).matches(CMI_TIMESPAN);
      assertThat(iso).matches(ISO_DURATION);
      assertThat(Duration.parse(iso)).isEqualTo(duration);
      assertThat(parseTimespan(timespan)).isEqualTo(duration);
    }
  }

  private static Duration parseTimespan(String timespan) {
    String[] parts = timespan.split(":");
    return Duration.ofHours(Long.parseLong(parts[0]))
        .plusMinutes(Long.parseLong(parts[1]))
        .plusMillis(Math.round(Double.parseDouble(parts[2]) * 1000));
  }
}

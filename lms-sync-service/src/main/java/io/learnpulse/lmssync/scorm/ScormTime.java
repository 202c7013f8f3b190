package io.learnpulse.lmssync.scorm;

import java.time.Duration;

/**
 * Session time in the two formats the data models require. Both are rounded half-up to hundredths
 * of a second, the finest precision either format allows.
 *
 * <ul>
 *   <li>SCORM 1.2 CMITimespan {@code HHHH:MM:SS.SS}: hours zero-padded to at least two digits, two
 *       decimals written only when the hundredths are not zero ({@code 00:01:00}, {@code
 *       00:00:03.25}); four hour digits at most, so anything longer is written as the largest value
 *       the format holds, {@code 9999:59:59.99}.
 *   <li>SCORM 2004 {@code timeinterval}, an ISO 8601 duration in hours, minutes and seconds with
 *       zero parts left out ({@code PT1H5M3.25S}, {@code PT1M}; zero is {@code PT0S}); trailing
 *       zero decimals are dropped ({@code PT3.5S}).
 * </ul>
 */
public final class ScormTime {

  private static final long CENTIS_PER_SECOND = 100;
  private static final long CENTIS_PER_MINUTE = 60 * CENTIS_PER_SECOND;
  private static final long CENTIS_PER_HOUR = 60 * CENTIS_PER_MINUTE;

  /** The largest CMITimespan, in hundredths of a second. */
  static final long MAX_TIMESPAN_CENTIS = 10_000 * CENTIS_PER_HOUR - 1;

  /** Durations are capped here (about 2.9 billion years) so hundredths never overflow. */
  private static final long MAX_SECONDS = Long.MAX_VALUE / CENTIS_PER_SECOND - 1;

  private ScormTime() {}

  /** SCORM 1.2 {@code cmi.core.session_time} of {@code duration}. */
  public static String cmiTimespan(Duration duration) {
    long centis = Math.min(centis(duration), MAX_TIMESPAN_CENTIS);
    long hours = centis / CENTIS_PER_HOUR;
    long minutes = centis % CENTIS_PER_HOUR / CENTIS_PER_MINUTE;
    long seconds = centis % CENTIS_PER_MINUTE / CENTIS_PER_SECOND;
    long fraction = centis % CENTIS_PER_SECOND;
    StringBuilder out = new StringBuilder(13);
    out.append(hours < 10 ? "0" : "").append(hours).append(':');
    pad2(out, minutes).append(':');
    pad2(out, seconds);
    if (fraction != 0) {
      pad2(out.append('.'), fraction);
    }
    return out.toString();
  }

  /** SCORM 2004 {@code cmi.session_time} of {@code duration}. */
  public static String isoDuration(Duration duration) {
    long centis = centis(duration);
    long hours = centis / CENTIS_PER_HOUR;
    long minutes = centis % CENTIS_PER_HOUR / CENTIS_PER_MINUTE;
    long seconds = centis % CENTIS_PER_MINUTE / CENTIS_PER_SECOND;
    long fraction = centis % CENTIS_PER_SECOND;
    StringBuilder out = new StringBuilder("PT");
    if (hours > 0) {
      out.append(hours).append('H');
    }
    if (minutes > 0) {
      out.append(minutes).append('M');
    }
    if (seconds > 0 || fraction > 0 || centis == 0) {
      out.append(seconds);
      if (fraction != 0) {
        out.append('.').append(fraction / 10);
        if (fraction % 10 != 0) {
          out.append(fraction % 10);
        }
      }
      out.append('S');
    }
    return out.toString();
  }

  /** Hundredths of a second in {@code duration}, rounded half-up; negative durations are zero. */
  static long centis(Duration duration) {
    if (duration.isNegative()) {
      return 0;
    }
    long seconds = duration.getSeconds();
    if (seconds > MAX_SECONDS) {
      return MAX_SECONDS * CENTIS_PER_SECOND;
    }
    return seconds * CENTIS_PER_SECOND + (duration.getNano() + 5_000_000L) / 10_000_000L;
  }

  private static StringBuilder pad2(StringBuilder out, long value) {
    return out.append(value < 10 ? "0" : "").append(value);
  }
}

package io.learnpulse.lmssync.analytics;

import io.learnpulse.lmssync.error.InvalidValueException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The time axis of the rates over time: buckets of an hour or a day (UTC), from the bucket holding
 * {@code from} to the bucket holding {@code to}, at most {@link #MAX_BUCKETS} of them.
 *
 * @param unit {@code hour} or {@code day}, as PostgreSQL's {@code date_trunc} names it
 * @param first start of the first bucket
 * @param last start of the last bucket
 */
public record Window(String unit, Instant first, Instant last) {

  /** Most buckets one answer holds, so the output stays bounded whatever the caller asks. */
  public static final int MAX_BUCKETS = 400;

  /** Start of each bucket after the first. */
  public Duration step() {
    return unit.equals("hour") ? Duration.ofHours(1) : Duration.ofDays(1);
  }

  /** Number of buckets. */
  public int buckets() {
    return (int) (Duration.between(first, last).dividedBy(step()) + 1);
  }

  /** End of the last bucket (exclusive). */
  public Instant end() {
    return last.plus(step());
  }

  /**
   * The window the query parameters ask for; a missing {@code from} is 30 days (day buckets) or 48
   * hours (hour buckets) before {@code to}, a missing {@code to} is now.
   *
   * @throws InvalidValueException naming the parameter that is wrong
   */
  public static Window of(String bucket, Instant from, Instant to, Instant now) {
    String unit = bucket == null ? "day" : bucket.toLowerCase(Locale.ROOT);
    if (!unit.equals("day") && !unit.equals("hour")) {
      throw new InvalidValueException("bucket", "must be hour or day");
    }
    ChronoUnit truncation = unit.equals("hour") ? ChronoUnit.HOURS : ChronoUnit.DAYS;
    Instant end = to == null ? now : to;
    Instant start =
        from != null
            ? from
            : end.minus(unit.equals("hour") ? Duration.ofHours(47) : Duration.ofDays(29));
    if (start.isAfter(end)) {
      throw new InvalidValueException("from", "must not be after to");
    }
    Window window = new Window(unit, start.truncatedTo(truncation), end.truncatedTo(truncation));
    if (window.buckets() > MAX_BUCKETS) {
      throw new InvalidValueException(
          "from", "is more than " + MAX_BUCKETS + " " + unit + "s before to");
    }
    return window;
  }
}

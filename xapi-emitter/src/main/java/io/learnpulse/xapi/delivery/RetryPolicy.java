package io.learnpulse.xapi.delivery;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter ("equal jitter": half the bound plus a random share of the other
 * half), capped, honouring Retry-After, within a budget.
 *
 * <p>The budget is how long a lane keeps retrying before it declares its tenant's LRS
 * <em>unavailable</em> (visible in health and metrics). It never drops a statement: an unavailable
 * LRS is still probed every {@code maxBackoff}, and Kafka offsets wait, so an outage only grows
 * lag.
 *
 * @param initialBackoff delay before the first retry (before jitter)
 * @param maxBackoff cap on the exponential delay, and the probe interval of an unavailable LRS
 * @param multiplier growth of the delay per attempt
 * @param budget time of failed attempts after which the LRS counts as unavailable
 */
public record RetryPolicy(
    Duration initialBackoff, Duration maxBackoff, double multiplier, Duration budget) {

  /** Longest Retry-After honoured; an LRS asking for more is retried after this. */
  public static final Duration RETRY_AFTER_CAP = Duration.ofMinutes(15);

  /** Validates the policy. */
  public RetryPolicy {
    if (initialBackoff.isNegative() || initialBackoff.isZero()) {
      throw new IllegalArgumentException("initial backoff must be positive");
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("max backoff below the initial backoff");
    }
    if (multiplier < 1) {
      throw new IllegalArgumentException("multiplier below 1");
    }
  }

  /**
   * Delay before retry number {@code attempt} (1 for the first retry): a uniformly random share
   * ({@code random} in [0,1)) of the exponential bound, but at least half of it so retries do not
   * hammer, or the LRS's Retry-After when it asks for longer; never above {@code maxBackoff}.
   */
  public Duration delay(int attempt, Optional<Duration> retryAfter, DoubleSupplier random) {
    double bound =
        Math.min(
            maxBackoff.toMillis(),
            initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1)));
    long jittered = (long) (bound / 2 + random.getAsDouble() * bound / 2);
    long millis = Math.max(jittered, retryAfter.map(Duration::toMillis).orElse(0L));
    long cap = Math.max(maxBackoff.toMillis(), RETRY_AFTER_CAP.toMillis());
    return Duration.ofMillis(Math.min(millis, cap));
  }
}

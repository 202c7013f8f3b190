package io.learnpulse.lmssync.launch;

import io.learnpulse.lmssync.LmsSyncProperties;
import io.learnpulse.lmssync.LmsSyncProperties.LaunchLimits;
import io.learnpulse.lmssync.error.LimitExceededException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Token buckets for {@code POST /v1/launch}, one per tenant and one per source address, in memory
 * per replica (ADR 0019): with n replicas behind a balancer a tenant gets up to n times the rate,
 * which bounds abuse of a leaked package without a shared store. Idle buckets are dropped when
 * full.
 */
@Component
class LaunchRateLimiter {

  private final LaunchLimits limits;
  private final Clock clock;
  private final Map<String, Bucket> tenants = new ConcurrentHashMap<>();
  private final Map<String, Bucket> sources = new ConcurrentHashMap<>();

  LaunchRateLimiter(LmsSyncProperties properties, Clock clock) {
    this.limits = properties.launch();
    this.clock = clock;
  }

  /**
   * Takes a token from the source's bucket and one from the tenant's.
   *
   * @throws LimitExceededException when either is empty
   */
  void acquire(String tenantId, String source) {
    long now = clock.millis();
    take(sources, source, limits.perSourceBurst(), limits.perSourcePerMinute(), now, "source");
    take(tenants, tenantId, limits.perTenantBurst(), limits.perTenantPerMinute(), now, "tenant");
    if (sources.size() > 100_000) {
      sources.values().removeIf(b -> b.full(now));
    }
  }

  private static void take(
      Map<String, Bucket> buckets, String key, int burst, int perMinute, long now, String what) {
    Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, perMinute, now));
    long waitMillis = bucket.take(now);
    if (waitMillis > 0) {
      throw new LimitExceededException(
          LimitExceededException.Scope.CALLER,
          "too many launches from this " + what + "; retry later",
          Duration.ofSeconds(Duration.ofMillis(waitMillis).toSeconds() + 1));
    }
  }

  /** A token bucket refilled continuously. */
  private static final class Bucket {
    private final int capacity;
    private final double perMilli;
    private double tokens;
    private long updated;

    Bucket(int capacity, int perMinute, long now) {
      this.capacity = capacity;
      this.perMilli = perMinute / 60_000.0;
      this.tokens = capacity;
      this.updated = now;
    }

    /** 0 when a token was taken, else milliseconds until one is back. */
    synchronized long take(long now) {
      refill(now);
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - tokens) / perMilli);
    }

    synchronized boolean full(long now) {
      refill(now);
      return tokens >= capacity;
    }

    private void refill(long now) {
      tokens = Math.min(capacity, tokens + Math.max(0, now - updated) * perMilli);
      updated = now;
    }
  }
}

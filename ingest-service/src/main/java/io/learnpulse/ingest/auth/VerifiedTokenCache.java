package io.learnpulse.ingest.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Session tokens whose signature and claims were verified, so a player sending with the same token
 * for hours costs one RS256 verification, not one per request
 * (docs/adr/0010-verified-token-cache.md). The key is the compact token itself: only the exact
 * bytes that were verified, signature included, hit. An entry lives until the token's {@code exp}
 * plus the accepted clock skew, and at most {@code token-cache-size} entries are kept (least
 * recently used out first). A hit still checks the token's expiry (and not-before) against the
 * clock, and counts only while the signing keys are the generation the token was verified under:
 * when lms-sync's JWKS changes, every token is verified again against the new keys, so one signed
 * by a key that was removed is refused.
 */
final class VerifiedTokenCache implements ReactiveJwtDecoder {

  /** The {@code cache} tag of the cache's meters ({@code cache.size}, {@code cache.gets}, ...). */
  static final String NAME = "session-tokens";

  private static final Duration MAX_LIFETIME = Duration.ofDays(365);

  private record Verified(Jwt jwt, long generation) {}

  private final ReactiveJwtDecoder verifier;
  private final SessionTokenKeys keys;
  private final OAuth2TokenValidator<Jwt> timestamps;
  private final Cache<String, Verified> cache;

  /**
   * A cache in front of {@code verifier}, which checks signatures with {@code keys}.
   *
   * @param timestamps the expiry and not-before checks, run again on every hit
   * @param skew how long after {@code exp} {@code timestamps} still accepts a token
   */
  VerifiedTokenCache(
      ReactiveJwtDecoder verifier,
      SessionTokenKeys keys,
      OAuth2TokenValidator<Jwt> timestamps,
      Duration skew,
      long maximumSize,
      Clock clock) {
    this.verifier = verifier;
    this.keys = keys;
    this.timestamps = timestamps;
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(maximumSize)
            .expireAfter(new UntilExpiry(clock, skew))
            // Entries expire by the same clock that validates tokens.
            .ticker(() -> clockNanos(clock))
            // Maintenance (evictions) on the caller, not on the common pool.
            .executor(Runnable::run)
            .recordStats()
            .build();
  }

  /**
   * Exposes size, hits, misses and evictions as Micrometer's cache meters, {@code cache} = {@value
   * #NAME}.
   */
  void bindTo(MeterRegistry registry) {
    CaffeineCacheMetrics.monitor(registry, cache, NAME);
  }

  /** Forgets every verified token (the signing keys changed). */
  void invalidateAll() {
    cache.invalidateAll();
  }

  @Override
  public Mono<Jwt> decode(String token) {
    SessionTokenKeys.KeySet fresh = keys.fresh();
    return fresh != null
        ? decode(token, fresh.generation())
        : keys.current().flatMap(current -> decode(token, current.generation()));
  }

  /**
   * The cached token (failed when it expired meanwhile), or else the token verified and cached
   * under {@code generation}. The verification may see a later generation (keys refreshed
   * meanwhile): recording the earlier is the safe side, the entry is then merely stale.
   */
  private Mono<Jwt> decode(String token, long generation) {
    Verified verified = cache.getIfPresent(token);
    if (verified != null) {
      if (verified.generation() == generation) {
        OAuth2TokenValidatorResult result = timestamps.validate(verified.jwt());
        if (!result.hasErrors()) {
          return Mono.just(verified.jwt());
        }
        cache.asMap().remove(token, verified);
        return Mono.error(
            new JwtValidationException("the session token expired", result.getErrors()));
      }
      cache.asMap().remove(token, verified);
    }
    return verifier.decode(token).doOnNext(jwt -> cache.put(token, new Verified(jwt, generation)));
  }

  private static long clockNanos(Clock clock) {
    Instant now = clock.instant();
    return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
  }

  /** Entries expire when their token does (plus the skew the validator allows). */
  private static final class UntilExpiry implements Expiry<String, Verified> {

    private final Clock clock;
    private final Duration skew;

    UntilExpiry(Clock clock, Duration skew) {
      this.clock = clock;
      this.skew = skew;
    }

    @Override
    public long expireAfterCreate(String token, Verified verified, long currentTime) {
      Instant expiresAt = verified.jwt().getExpiresAt();
      if (expiresAt == null) {
        return 0;
      }
      Duration left = Duration.between(clock.instant(), expiresAt.plus(skew));
      if (left.isNegative()) {
        return 0;
      }
      // Tokens live hours; anything beyond a year is held a year (and re-verified then).
      return Math.min(left.toSeconds(), MAX_LIFETIME.toSeconds()) * 1_000_000_000L;
    }

    @Override
    public long expireAfterUpdate(
        String token, Verified verified, long currentTime, long currentDuration) {
      return expireAfterCreate(token, verified, currentTime);
    }

    @Override
    public long expireAfterRead(
        String token, Verified verified, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}

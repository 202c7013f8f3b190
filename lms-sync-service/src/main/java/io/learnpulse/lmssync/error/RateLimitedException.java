package io.learnpulse.lmssync.error;

/** Too many requests from one tenant or source: retry after {@link #retryAfterSeconds()}. */
public final class RateLimitedException extends DomainException {

  private final long retryAfterSeconds;

  /** With what was limited and when a retry may succeed. */
  public RateLimitedException(String message, long retryAfterSeconds) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Whole seconds until a token is back, at least 1. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}

package io.learnpulse.xapi.pipeline;

/**
 * A record cannot be processed now for a reason that passes by itself (the schema registry or the
 * tenant directory is unreachable). It is neither dead-lettered nor skipped: the consumer loop
 * seeks back to it and tries again after a pause, so its offset is never committed before it is
 * done.
 */
public final class RetryLaterException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why, with the underlying failure. */
  public RetryLaterException(String message, Throwable cause) {
    super(message, cause);
  }
}

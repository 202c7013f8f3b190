package io.learnpulse.lmssync.error;

import java.time.Duration;
import java.util.Objects;

/**
 * A bounded resource is exhausted: by this caller ({@link Scope#CALLER}, e.g. too many streams of
 * one session) or for everyone on this replica ({@link Scope#SERVICE}). Worth retrying after {@link
 * #retryAfter()}.
 */
public final class LimitExceededException extends DomainException {

  /** Whose limit was reached. */
  public enum Scope {
    /** This caller's share. */
    CALLER,
    /** The replica's capacity. */
    SERVICE
  }

  private final Scope scope;
  private final Duration retryAfter;

  /** {@code scope}'s limit was reached; {@code message} says which. */
  public LimitExceededException(Scope scope, String message, Duration retryAfter) {
    super(message);
    this.scope = Objects.requireNonNull(scope, "scope");
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
  }

  /** Whose limit was reached. */
  public Scope scope() {
    return scope;
  }

  /** When a retry may succeed. */
  public Duration retryAfter() {
    return retryAfter;
  }
}

package io.learnpulse.lmssync.error;

import java.util.Objects;

/**
 * A value of the request breaks a rule. {@link #field()} names it as the client sent it ({@code
 * endpoint}, {@code topics[1].challengeIds}), {@link #reason()} says what is wrong with it.
 */
public final class InvalidValueException extends DomainException {

  private final String field;
  private final String reason;

  /** {@code field} breaks a rule; {@code reason} completes the sentence "{@code field} ...". */
  public InvalidValueException(String field, String reason) {
    super(Objects.requireNonNull(field, "field") + " " + Objects.requireNonNull(reason, "reason"));
    this.field = field;
    this.reason = reason;
  }

  /** The offending field, as the client named it. */
  public String field() {
    return field;
  }

  /** What is wrong with it. */
  public String reason() {
    return reason;
  }
}

package io.learnpulse.ingest.domain;

import java.util.Objects;

/**
 * One thing wrong with a request body.
 *
 * @param pointer RFC 6901 JSON pointer to the offending value, relative to the body as sent ({@code
 *     ""} for the body itself)
 * @param reason what kind of problem it is
 * @param detail a human-readable explanation
 */
public record Violation(String pointer, Reason reason, String detail) {

  /** Kinds of violation. Structural ones make the request malformed (400), the others 422. */
  public enum Reason {
    /** A required field is absent or null. */
    MISSING(true),
    /** A value has the wrong JSON type. */
    WRONG_TYPE(true),
    /** A string is not in the required format (UUID, ISO 8601 instant). */
    INVALID_FORMAT(true),
    /** A value is not one of the known values (event type, outcome). */
    UNKNOWN_VALUE(true),
    /** A number or instant is outside its allowed range (negative, too large, too old). */
    OUT_OF_RANGE(false),
    /** A string is blank or longer than allowed. */
    INVALID_LENGTH(false),
    /** The instant lies further in the future than the clock-skew tolerance allows. */
    IN_FUTURE(false),
    /** The same event id appears twice in one request. */
    DUPLICATE(false),
    /** A batch holds no event. */
    EMPTY(false),
    /** A value contradicts what the session token says. */
    CONTRADICTS_TOKEN(false);

    private final boolean structural;

    Reason(boolean structural) {
      this.structural = structural;
    }

    /** True when the violation makes the request malformed rather than unprocessable. */
    public boolean structural() {
      return structural;
    }
  }

  /** Validates the parts. */
  public Violation {
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
  }
}

package io.learnpulse.ingest.domain;

import java.util.List;

/**
 * Outcome of validating a request body: the domain values, or why there are none.
 *
 * @param <T> the value validated into
 */
public sealed interface Validation<T> {

  /** The body is valid. */
  record Valid<T>(T value) implements Validation<T> {}

  /** The body is invalid; nothing of it may be written. */
  record Invalid<T>(List<Violation> violations) implements Validation<T> {

    /** Freezes the list and requires at least one violation. */
    public Invalid {
      violations = List.copyOf(violations);
      if (violations.isEmpty()) {
        throw new IllegalArgumentException("an invalid body has at least one violation");
      }
    }

    /** True when any violation is structural: the request is malformed, not just unprocessable. */
    public boolean malformed() {
      return violations.stream().anyMatch(v -> v.reason().structural());
    }
  }

  /** The batch holds more events than allowed; it was not validated item by item. */
  record TooLarge<T>(int size, int maximum) implements Validation<T> {}
}

package io.learnpulse.xapi.statement;

import java.util.Objects;

/**
 * An xAPI verb: its IRI and its English display.
 *
 * @param id the verb's IRI
 * @param display English (en-US) display word
 */
public record Verb(String id, String display) {

  /** Validates the verb. */
  public Verb {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(display, "display");
  }
}

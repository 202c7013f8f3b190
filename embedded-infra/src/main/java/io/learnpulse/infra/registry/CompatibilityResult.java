package io.learnpulse.infra.registry;

import java.util.List;

/**
 * The outcome of a compatibility check.
 *
 * @param compatible whether the schema passed
 * @param messages the incompatibilities found, empty when compatible
 */
public record CompatibilityResult(boolean compatible, List<String> messages) {

  /** Copies the messages. */
  public CompatibilityResult {
    messages = List.copyOf(messages);
  }
}

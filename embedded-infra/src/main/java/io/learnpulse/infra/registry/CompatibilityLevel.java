package io.learnpulse.infra.registry;

import java.util.Locale;

/** Confluent's compatibility levels: which earlier versions a new schema is checked against. */
public enum CompatibilityLevel {
  /** No check. */
  NONE(false, false, false),
  /** The new schema reads data written with the latest version. */
  BACKWARD(true, false, false),
  /** The new schema reads data written with every version. */
  BACKWARD_TRANSITIVE(true, false, true),
  /** The latest version reads data written with the new schema. */
  FORWARD(false, true, false),
  /** Every version reads data written with the new schema. */
  FORWARD_TRANSITIVE(false, true, true),
  /** Backward and forward against the latest version. */
  FULL(true, true, false),
  /** Backward and forward against every version. */
  FULL_TRANSITIVE(true, true, true);

  private final boolean backward;
  private final boolean forward;
  private final boolean transitive;

  CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
    this.backward = backward;
    this.forward = forward;
    this.transitive = transitive;
  }

  /**
   * Tells whether the new schema must read data written with the earlier ones.
   *
   * @return true for the BACKWARD and FULL levels
   */
  public boolean backward() {
    return backward;
  }

  /**
   * Tells whether the earlier schemas must read data written with the new one.
   *
   * @return true for the FORWARD and FULL levels
   */
  public boolean forward() {
    return forward;
  }

  /**
   * Tells whether every live version is checked rather than only the latest.
   *
   * @return true for the *_TRANSITIVE levels
   */
  public boolean transitive() {
    return transitive;
  }

  /**
   * Parses a level name, ignoring case.
   *
   * @param name the name, for example {@code "backward"}
   * @return the level
   * @throws SchemaRegistryException 42203 when the name is not a level
   */
  public static CompatibilityLevel parse(String name) {
    if (name != null) {
      try {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        // falls through to the registry error
      }
    }
    throw SchemaRegistryException.invalidCompatibilityLevel(name);
  }
}

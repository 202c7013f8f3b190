package io.learnpulse.schemas.registry;

/**
 * Schema compatibility levels, as the Confluent Schema Registry names them: which earlier versions
 * a new schema is checked against, and in which direction.
 */
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

  /** Whether the new schema must read data written with the earlier ones. */
  public boolean backward() {
    return backward;
  }

  /** Whether the earlier schemas must read data written with the new one. */
  public boolean forward() {
    return forward;
  }

  /** Whether every live version is checked rather than only the latest. */
  public boolean transitive() {
    return transitive;
  }
}

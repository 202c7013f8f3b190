package io.learnpulse.xapi.delivery;

import java.time.Duration;

/** Observes delivery, for metrics and logs. Called from delivery threads; must not block. */
public interface DeliveryListener {

  /** An LRS answered a statements POST (any status) in {@code latency}. */
  default void answered(String tenant, int status, Duration latency) {}

  /** Statements the LRS accepted (including identical re-sends). */
  default void sent(String tenant, int statements) {}

  /** Statements counted as delivered on a 409 for their id. */
  default void conflicted(String tenant, int statements) {}

  /** A statement the LRS rejected by itself. */
  default void rejected(String tenant, int status) {}

  /** A batch will be retried after a timeout, a connection failure, 429 or 5xx. */
  default void retried(String tenant, int statements, String cause) {}

  /** Statements parked because the tenant was over its backlog budget while not active. */
  default void parked(String tenant, int statements, String reason) {}

  /** Statements dropped deliberately (tenant disabled or deleted). */
  default void dropped(String tenant, int statements, String reason) {}

  /** Statements moved to a new delivery after the tenant's endpoint or credentials changed. */
  default void moved(String tenant, int statements) {}

  /** The tenant's delivery state changed. */
  default void stateChanged(String tenant, TenantState state, String reason) {}

  /** Nothing to observe. */
  DeliveryListener NONE = new DeliveryListener() {};
}

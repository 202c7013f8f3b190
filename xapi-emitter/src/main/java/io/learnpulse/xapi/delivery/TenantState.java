package io.learnpulse.xapi.delivery;

/** Delivery state of one tenant, worst lane first. */
public enum TenantState {
  /** Statements flow. */
  ACTIVE,
  /** Degraded: some batch failed transiently and is being retried within the retry budget. */
  RETRYING,
  /** Degraded: retries went past the budget, the LRS is down; it is probed every max backoff. */
  UNAVAILABLE,
  /**
   * The LRS refused the credentials (401/403) or the endpoint (404), or the endpoint is refused by
   * the outbound URL policy: delivery is paused until the settings change or an operator resumes.
   */
  PAUSED;

  /** True for every state but ACTIVE: its backlog does not count for consumer backpressure. */
  public boolean degraded() {
    return this != ACTIVE;
  }
}

package io.learnpulse.xapi.delivery;

/** Delivery state of one tenant, worst lane first. */
public enum TenantState {
  /** Statements flow. */
  ACTIVE,
  /** Some batch failed transiently and is being retried within the retry budget. */
  RETRYING,
  /** Retries went past the budget: the LRS is down; it is probed every max backoff. */
  UNAVAILABLE,
  /** The LRS refused the credentials (401/403) or the endpoint (404): delivery is paused. */
  PAUSED
}

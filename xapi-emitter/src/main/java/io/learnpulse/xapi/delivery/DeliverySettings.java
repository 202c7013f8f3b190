package io.learnpulse.xapi.delivery;

import java.time.Duration;

/**
 * How statements are batched and retried, and each tenant's budgets.
 *
 * @param batchSize most statements in one POST
 * @param linger longest wait for a batch to fill once a lane has a statement
 * @param lanesPerTenant parallel in-flight batches per tenant (its in-flight budget); a
 *     registration always uses the same lane, so its statements arrive in order
 * @param retry the retry policy
 * @param authRetryInterval how often a paused tenant is tried again
 * @param backlogBudget statements a tenant that is {@link TenantState#PAUSED} or {@link
 *     TenantState#UNAVAILABLE} may keep waiting; beyond it the newest are parked
 * @param parkAfter how long a tenant may stay {@link TenantState#PAUSED} or {@link
 *     TenantState#UNAVAILABLE} before all its waiting statements are parked
 */
public record DeliverySettings(
    int batchSize,
    Duration linger,
    int lanesPerTenant,
    RetryPolicy retry,
    Duration authRetryInterval,
    int backlogBudget,
    Duration parkAfter) {

  /** Validates the settings. */
  public DeliverySettings {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive");
    }
    if (lanesPerTenant < 1) {
      throw new IllegalArgumentException("at least one lane per tenant");
    }
    if (backlogBudget < 0) {
      throw new IllegalArgumentException("backlog budget must not be negative");
    }
  }

  /** Settings with a backlog budget of 10,000 statements and parking after 10 minutes. */
  public DeliverySettings(
      int batchSize,
      Duration linger,
      int lanesPerTenant,
      RetryPolicy retry,
      Duration authRetryInterval) {
    this(
        batchSize,
        linger,
        lanesPerTenant,
        retry,
        authRetryInterval,
        10_000,
        Duration.ofMinutes(10));
  }
}

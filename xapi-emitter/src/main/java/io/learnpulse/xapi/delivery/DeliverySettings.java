package io.learnpulse.xapi.delivery;

import java.time.Duration;

/**
 * How statements are batched and retried.
 *
 * @param batchSize most statements in one POST
 * @param linger longest wait for a batch to fill once a lane has a statement
 * @param lanesPerTenant parallel in-flight batches per tenant; a registration always uses the same
 *     lane, so its statements arrive in order
 * @param retry the retry policy
 * @param authRetryInterval how often a paused tenant is tried again
 */
public record DeliverySettings(
    int batchSize,
    Duration linger,
    int lanesPerTenant,
    RetryPolicy retry,
    Duration authRetryInterval) {

  /** Validates the settings. */
  public DeliverySettings {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive");
    }
    if (lanesPerTenant < 1) {
      throw new IllegalArgumentException("at least one lane per tenant");
    }
  }
}

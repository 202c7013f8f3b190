/**
 * Delivery of statements to tenants' LRSs over xAPI 1.0.3: batching by size and time in per-tenant
 * lanes (one registration always in the same lane, so its order is kept), retries with exponential
 * backoff and jitter, isolation of rejected statements by splitting batches, and per-tenant pause
 * on authentication errors. Plain Java (JDK HTTP client), no Spring or Kafka.
 */
@NullMarked
package io.learnpulse.xapi.delivery;

import org.jspecify.annotations.NullMarked;

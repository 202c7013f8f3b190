package io.learnpulse.scoring.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.UUID;

/**
 * Who a registration belongs to, and which event said so. Of several observations the earliest in
 * {@link #EARLIEST} order wins, so the result does not depend on arrival order.
 *
 * @param tenantId tenant
 * @param learnerId learner
 * @param occurredAt occurred-at time of the event it was taken from
 * @param sequence sequence number of that event
 * @param eventId id of that event
 */
public record Learner(
    String tenantId, String learnerId, Instant occurredAt, long sequence, UUID eventId) {

  /** Earliest observation first: occurred-at, sequence, event id. */
  public static final Comparator<Learner> EARLIEST =
      Comparator.comparing(Learner::occurredAt)
          .thenComparingLong(Learner::sequence)
          .thenComparing(Learner::eventId);

  /** Checks required parts. */
  public Learner {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(learnerId, "learnerId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(eventId, "eventId");
  }
}

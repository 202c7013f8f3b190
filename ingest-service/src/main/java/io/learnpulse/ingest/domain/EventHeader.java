package io.learnpulse.ingest.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Fields every player event carries.
 *
 * @param id the client's event id; consumers deduplicate on it
 * @param seq per-session sequence number, at least 0
 * @param occurredAt when it happened on the player's clock, millisecond precision
 */
public record EventHeader(UUID id, long seq, Instant occurredAt) {

  /** Validates the parts. */
  public EventHeader {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(occurredAt, "occurredAt");
    if (seq < 0) {
      throw new IllegalArgumentException("seq must not be negative");
    }
  }
}

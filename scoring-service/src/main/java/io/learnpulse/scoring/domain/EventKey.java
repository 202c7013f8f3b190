package io.learnpulse.scoring.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.UUID;

/**
 * Where an event stands in {@link ChallengeEvent#ORDER}: occurred-at, then sequence, then event id.
 *
 * @param occurredAt occurred-at time
 * @param sequence per-session sequence number
 * @param eventId event id (unique, so no two events share a key)
 */
public record EventKey(Instant occurredAt, long sequence, UUID eventId)
    implements Comparable<EventKey> {

  private static final Comparator<EventKey> ORDER =
      Comparator.comparing(EventKey::occurredAt)
          .thenComparingLong(EventKey::sequence)
          .thenComparing(EventKey::eventId);

  /** Checks required parts. */
  public EventKey {
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(eventId, "eventId");
  }

  /** The key of {@code event}. */
  public static EventKey of(ChallengeEvent event) {
    return new EventKey(event.occurredAt(), event.sequence(), event.eventId());
  }

  @Override
  public int compareTo(EventKey other) {
    return ORDER.compare(this, other);
  }

  /** True when this key comes before {@code other}. */
  public boolean before(EventKey other) {
    return compareTo(other) < 0;
  }
}

package io.learnpulse.lmssync.sync;

import io.learnpulse.events.v1.Bookmark;
import io.learnpulse.events.v1.Heartbeat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A batch of heartbeats reduced to one change per session, with the result applying them one by one
 * in their order would have: active time summed, the latest occurred-at and received-at times
 * (monotonic fields keep their maximum), and the bookmark of the last heartbeat that was the
 * session's latest when it came (a later heartbeat without a bookmark leaves it; one that occurred
 * earlier than a heartbeat before it in the batch is not the latest and moves nothing).
 *
 * <p>Whether that bookmark is also later than what the session already stored is for the writer to
 * check ({@link SessionChange#bookmarkIsLatestAfter}): if the candidate is not, no earlier
 * heartbeat of the batch was either, since the candidate occurred at or after each of them.
 */
final class CoalescedHeartbeats {

  /**
   * The change of one session.
   *
   * @param sessionId the session
   * @param registrationId its registration, as the heartbeats name it
   * @param activeMillis the heartbeats' active time, summed (negative values count as zero)
   * @param lastOccurredAt the latest occurred-at time among them
   * @param lastReceivedAt the latest received-at time (ingest's clock) among them
   * @param bookmark the bookmark to store, or null when none of them carried one while latest
   * @param bookmarkAt the occurred-at time of that bookmark's heartbeat, or null
   * @param heartbeats how many heartbeats were coalesced
   * @param lastIndex the position in the batch of the session's last heartbeat (for ordering ties)
   * @param bookmarkIndex the position in the batch of the bookmark's heartbeat, or -1
   */
  record SessionChange(
      UUID sessionId,
      UUID registrationId,
      long activeMillis,
      Instant lastOccurredAt,
      Instant lastReceivedAt,
      Bookmark bookmark,
      Instant bookmarkAt,
      int heartbeats,
      int lastIndex,
      int bookmarkIndex) {

    /**
     * Whether the bookmark is still the session's latest given the occurred-at time of the
     * session's latest heartbeat stored before this batch (null: none).
     */
    boolean bookmarkIsLatestAfter(Instant storedLastHeartbeatAt) {
      return bookmark != null
          && (storedLastHeartbeatAt == null || !bookmarkAt.isBefore(storedLastHeartbeatAt));
    }
  }

  private CoalescedHeartbeats() {}

  /**
   * One change per (session, registration) pair, in the order of each pair's first heartbeat.
   * Heartbeats naming the same session with different registrations stay apart, so the writer can
   * skip the pairs that do not match what is stored, as it would skip each heartbeat.
   */
  static List<SessionChange> coalesce(List<Heartbeat> heartbeats) {
    Map<List<UUID>, Builder> bySession = new LinkedHashMap<>();
    for (int i = 0; i < heartbeats.size(); i++) {
      Heartbeat heartbeat = heartbeats.get(i);
      UUID sessionId = heartbeat.getMetadata().getSessionId();
      UUID registrationId = heartbeat.getMetadata().getRegistrationId();
      bySession
          .computeIfAbsent(
              List.of(sessionId, registrationId), key -> new Builder(sessionId, registrationId))
          .add(heartbeat, i);
    }
    List<SessionChange> changes = new ArrayList<>(bySession.size());
    for (Builder builder : bySession.values()) {
      changes.add(builder.build());
    }
    return changes;
  }

  private static final class Builder {
    private final UUID sessionId;
    private final UUID registrationId;
    private long activeMillis;
    private Instant lastOccurredAt;
    private Instant lastReceivedAt;
    private Bookmark bookmark;
    private Instant bookmarkAt;
    private int heartbeats;
    private int lastIndex;
    private int bookmarkIndex = -1;

    Builder(UUID sessionId, UUID registrationId) {
      this.sessionId = sessionId;
      this.registrationId = registrationId;
    }

    void add(Heartbeat heartbeat, int index) {
      Instant occurredAt = heartbeat.getMetadata().getOccurredAt();
      Instant receivedAt = heartbeat.getMetadata().getReceivedAt();
      // the same rule as one at a time: latest unless it occurred before the latest so far
      boolean latest = lastOccurredAt == null || !occurredAt.isBefore(lastOccurredAt);
      if (latest) {
        lastOccurredAt = occurredAt;
        if (heartbeat.getBookmark() != null) {
          bookmark = heartbeat.getBookmark();
          bookmarkAt = occurredAt;
          bookmarkIndex = index;
        }
      }
      if (lastReceivedAt == null || receivedAt.isAfter(lastReceivedAt)) {
        lastReceivedAt = receivedAt;
      }
      // Each value is within the event limits (RecordLimits), so a batch's sum cannot overflow;
      // saturate anyway: the stored total is clamped in SQL.
      long millis = Math.max(0, heartbeat.getActiveMillis());
      activeMillis =
          activeMillis > Long.MAX_VALUE - millis ? Long.MAX_VALUE : activeMillis + millis;
      heartbeats++;
      lastIndex = index;
    }

    SessionChange build() {
      return new SessionChange(
          sessionId,
          registrationId,
          activeMillis,
          lastOccurredAt,
          lastReceivedAt,
          bookmark,
          bookmarkAt,
          heartbeats,
          lastIndex,
          bookmarkIndex);
    }
  }
}

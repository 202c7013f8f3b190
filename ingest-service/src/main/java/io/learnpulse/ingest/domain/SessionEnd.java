package io.learnpulse.ingest.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * The end of a session as the bridge reports it when the page goes away: the session event ({@code
 * session.suspended} or {@code session.terminated}) and, when the learner was active since the
 * player's last heartbeat, a final heartbeat carrying that active time and the position.
 *
 * @param event the {@link PlayerEvent.SessionSuspended} or {@link PlayerEvent.SessionTerminated}
 * @param finalHeartbeat the last active time and position, if any active time is reported
 */
public record SessionEnd(PlayerEvent event, Optional<HeartbeatReport> finalHeartbeat) {

  /** Validates the parts. */
  public SessionEnd {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(finalHeartbeat, "finalHeartbeat");
    if (!(event instanceof PlayerEvent.SessionSuspended
        || event instanceof PlayerEvent.SessionTerminated)) {
      throw new IllegalArgumentException("a session ends suspended or terminated, not " + event);
    }
  }
}

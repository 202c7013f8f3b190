package io.learnpulse.ingest.domain;

import java.util.List;
import java.util.Objects;

/**
 * A player heartbeat: active time since the previous one and where the learner is.
 *
 * @param header id, sequence number and time
 * @param activeMillis active time since the previous heartbeat, at least 0
 * @param bookmark the learner's position in the session's topic
 */
public record HeartbeatReport(EventHeader header, long activeMillis, Position bookmark) {

  /** Validates the parts. */
  public HeartbeatReport {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(bookmark, "bookmark");
    if (activeMillis < 0) {
      throw new IllegalArgumentException("activeMillis must not be negative");
    }
  }

  /**
   * The learner's position inside the session's topic (the topic itself comes from the token).
   *
   * @param challengeId challenge the learner is in, or null
   * @param step step reached in that challenge, or null
   * @param revealedHints hint indexes revealed in that challenge
   * @param pendingAnswerId answer awaiting review, or null
   */
  public record Position(
      String challengeId, Integer step, List<Integer> revealedHints, String pendingAnswerId) {

    /** Freezes the hint list. */
    public Position {
      revealedHints = List.copyOf(revealedHints);
    }

    /** No challenge yet. */
    public static Position none() {
      return new Position(null, null, List.of(), null);
    }
  }
}

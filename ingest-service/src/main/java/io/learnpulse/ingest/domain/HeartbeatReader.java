package io.learnpulse.ingest.domain;

import io.learnpulse.ingest.domain.Violation.Reason;
import io.learnpulse.schemas.wire.EventLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Turns a parsed heartbeat body into a {@link HeartbeatReport}. A heartbeat is one JSON object:
 * {@code id}, {@code seq}, {@code occurredAt} as for events, {@code activeMillis} in 0 … {@link
 * EventLimits#MAX_ACTIVE_MILLIS_PER_HEARTBEAT}, and an optional {@code bookmark}. The bookmark's
 * {@code topicId} may be left out; when given it must be the token's topic, since a session
 * delivers exactly one topic.
 */
public final class HeartbeatReader {

  private final Duration clockSkew;

  /**
   * A reader.
   *
   * @param clockSkew how far in the future an occurred-at time may lie
   */
  public HeartbeatReader(Duration clockSkew) {
    this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
  }

  /**
   * Validates a body.
   *
   * @param body the parsed JSON object
   * @param session what the token says, for the bookmark's topic
   * @param now the server's current time
   */
  public Validation<HeartbeatReport> read(Object body, SessionContext session, Instant now) {
    List<Violation> violations = new ArrayList<>();
    JsonObject json = JsonObject.at(body, "", violations);
    if (json == null) {
      return new Validation.Invalid<>(violations);
    }
    UUID id = json.uuid("id");
    Long seq = json.longAtMost("seq", EventLimits.MAX_SEQUENCE);
    Instant occurredAt = json.instant("occurredAt", now.plus(clockSkew));
    Long activeMillis =
        json.longAtMost("activeMillis", EventLimits.MAX_ACTIVE_MILLIS_PER_HEARTBEAT);
    HeartbeatReport.Position position = HeartbeatReport.Position.none();
    if (json.has("bookmark")) {
      position = position(json.raw("bookmark"), json.pointer("bookmark"), session, violations);
    }
    if (!violations.isEmpty()) {
      return new Validation.Invalid<>(violations);
    }
    return new Validation.Valid<>(
        new HeartbeatReport(new EventHeader(id, seq, occurredAt), activeMillis, position));
  }

  /**
   * The bookmark at {@code pointer}, or null with violations: {@code topicId}, when given, the
   * token's; ids as {@link EventLimits#idProblem}; {@code step} and {@code revealedHints} indexes
   * in 0 … {@link EventLimits#MAX_INDEX}.
   */
  static HeartbeatReport.Position position(
      Object node, String pointer, SessionContext session, List<Violation> violations) {
    JsonObject bookmark = JsonObject.at(node, pointer, violations);
    if (bookmark == null) {
      return null;
    }
    String topicId = bookmark.optionalId("topicId");
    if (topicId != null && !topicId.equals(session.topicId())) {
      violations.add(
          new Violation(
              bookmark.pointer("topicId"),
              Reason.CONTRADICTS_TOKEN,
              "is not the topic of this session"));
    }
    String challengeId = bookmark.optionalId("challengeId");
    Integer step = bookmark.optionalIntAtMost("step", EventLimits.MAX_INDEX);
    List<Integer> hints = bookmark.intsAtMost("revealedHints", EventLimits.MAX_INDEX);
    String pendingAnswerId = bookmark.optionalId("pendingAnswerId");
    return hints == null
        ? null
        : new HeartbeatReport.Position(challengeId, step, hints, pendingAnswerId);
  }
}

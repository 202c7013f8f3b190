package io.learnpulse.ingest.domain;

import io.learnpulse.ingest.domain.Violation.Reason;
import io.learnpulse.schemas.wire.EventLimits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns the body of an end-of-session signal into a {@link SessionEnd}. Fields (besides the token,
 * which the caller took out): {@code reason} {@code suspend} | {@code terminate} (required); {@code
 * id} (UUID, optional); {@code occurredAt} (optional, default now); {@code seq} (optional, 0 …
 * {@link EventLimits#MAX_SEQUENCE}, default 0); {@code activeMillis} (optional, 0 … {@link
 * EventLimits#MAX_ACTIVE_MILLIS_PER_HEARTBEAT}, default 0) and {@code bookmark} (the heartbeat's
 * shape; required when {@code activeMillis} is above 0, since the final heartbeat becomes the
 * learner's stored position).
 *
 * <p>The signal is idempotent: without an {@code id}, the session event's id is derived from the
 * session and the reason, so the same signal sent twice (page hide, then unload) is the same event
 * and consumers drop the repeat; the final heartbeat's id is derived from the session event's, so
 * its active time counts once. A bridge that may end one session more than once (a page restored
 * from the back-forward cache) sends its own {@code id} per end.
 */
public final class SessionEndReader {

  /** Wire values of {@code reason}. */
  public static final Map<String, String> REASONS =
      Map.of("suspend", "suspend", "terminate", "terminate");

  private final Duration clockSkew;

  /**
   * A reader.
   *
   * @param clockSkew how far in the future an occurred-at time may lie
   */
  public SessionEndReader(Duration clockSkew) {
    this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
  }

  /**
   * Validates a body.
   *
   * @param body the parsed JSON object
   * @param session what the token says
   * @param now the server's current time
   */
  public Validation<SessionEnd> read(Object body, SessionContext session, Instant now) {
    List<Violation> violations = new ArrayList<>();
    JsonObject json = JsonObject.at(body, "", violations);
    if (json == null) {
      return new Validation.Invalid<>(violations);
    }
    String reason = json.oneOf("reason", REASONS);
    UUID id = json.has("id") ? json.uuid("id") : null;
    Instant occurredAt =
        json.has("occurredAt")
            ? json.instant("occurredAt", now.plus(clockSkew))
            : now.truncatedTo(ChronoUnit.MILLIS);
    Long seq = json.optionalLongAtMost("seq", EventLimits.MAX_SEQUENCE);
    Long activeMillis =
        json.optionalLongAtMost("activeMillis", EventLimits.MAX_ACTIVE_MILLIS_PER_HEARTBEAT);
    HeartbeatReport.Position position = null;
    if (json.has("bookmark")) {
      position =
          HeartbeatReader.position(
              json.raw("bookmark"), json.pointer("bookmark"), session, violations);
    } else if (activeMillis != null && activeMillis > 0) {
      violations.add(
          new Violation(
              json.pointer("bookmark"),
              Reason.MISSING,
              "is required with activeMillis above 0: the final heartbeat becomes the stored"
                  + " position"));
    }
    if (!violations.isEmpty()) {
      return new Validation.Invalid<>(violations);
    }
    UUID eventId = id != null ? id : derived("session-end", session.sessionId() + "/" + reason);
    EventHeader header = new EventHeader(eventId, seq == null ? 0 : seq, occurredAt);
    PlayerEvent event =
        reason.equals("terminate")
            ? new PlayerEvent.SessionTerminated(header)
            : new PlayerEvent.SessionSuspended(header);
    Optional<HeartbeatReport> heartbeat =
        activeMillis == null || activeMillis == 0
            ? Optional.empty()
            : Optional.of(
                new HeartbeatReport(
                    new EventHeader(
                        derived("session-end-heartbeat", eventId.toString()),
                        header.seq(),
                        occurredAt),
                    activeMillis,
                    position));
    return new Validation.Valid<>(new SessionEnd(event, heartbeat));
  }

  /** A name-based UUID: the same name always gives the same id. */
  private static UUID derived(String kind, String name) {
    return UUID.nameUUIDFromBytes(
        ("learnpulse:" + kind + ":" + name).getBytes(StandardCharsets.UTF_8));
  }
}

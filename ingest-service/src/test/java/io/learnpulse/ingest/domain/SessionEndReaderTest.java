package io.learnpulse.ingest.domain;

import static io.learnpulse.ingest.domain.Sessions.SESSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.learnpulse.ingest.domain.Violation.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SessionEndReaderTest {

  private static final Instant NOW = Instant.parse("2025-03-01T10:00:00.123456Z");

  private final SessionEndReader reader = new SessionEndReader(Duration.ofMinutes(5));

  private Validation<SessionEnd> read(String json) {
    return reader.read(Json.parse(json), SESSION, NOW);
  }

  private static SessionEnd valid(Validation<SessionEnd> validation) {
    assertThat(validation).isInstanceOf(Validation.Valid.class);
    return ((Validation.Valid<SessionEnd>) validation).value();
  }

  private static List<Violation> violations(Validation<?> validation) {
    assertThat(validation).isInstanceOf(Validation.Invalid.class);
    return ((Validation.Invalid<?>) validation).violations();
  }

  @Test
  void aSuspendWithActiveTimeIsTheSessionEventAndAFinalHeartbeatAtTheSameTime() {
    SessionEnd end =
        valid(
            read(
                """
                {"reason": "suspend", "activeMillis": 12000,
                 "bookmark": {"challengeId": "c-2", "step": 3, "revealedHints": [1]}}
                """));

    assertThat(end.event()).isInstanceOf(PlayerEvent.SessionSuspended.class);
    assertThat(end.event().header().occurredAt())
        .isEqualTo(Instant.parse("2025-03-01T10:00:00.123Z"));
    assertThat(end.event().header().seq()).isZero();
    HeartbeatReport heartbeat = end.finalHeartbeat().orElseThrow();
    assertThat(heartbeat.activeMillis()).isEqualTo(12_000);
    assertThat(heartbeat.bookmark())
        .isEqualTo(new HeartbeatReport.Position("c-2", 3, List.of(1), null));
    assertThat(heartbeat.header().occurredAt()).isEqualTo(end.event().header().occurredAt());
    assertThat(heartbeat.header().id()).isNotEqualTo(end.event().header().id());
  }

  @Test
  void theSameSignalGivesTheSameIdsAndAnotherReasonOrSessionOthers() {
    String suspend =
        """
        {"reason": "suspend", "activeMillis": 1, "bookmark": {}}
        """;
    SessionEnd first = valid(read(suspend));
    SessionEnd again = valid(read(suspend));
    SessionEnd terminate = valid(read("{\"reason\": \"terminate\"}"));
    SessionEnd otherSession =
        valid(
            reader.read(
                Json.parse(suspend),
                new SessionContext(
                    SESSION.tenantId(),
                    SESSION.learnerId(),
                    SESSION.registrationId(),
                    UUID.randomUUID(),
                    SESSION.assignmentId(),
                    SESSION.topicId(),
                    SESSION.scormVersion()),
                NOW));

    assertThat(again.event().header().id()).isEqualTo(first.event().header().id());
    assertThat(again.finalHeartbeat().orElseThrow().header().id())
        .isEqualTo(first.finalHeartbeat().orElseThrow().header().id());
    assertThat(terminate.event()).isInstanceOf(PlayerEvent.SessionTerminated.class);
    assertThat(terminate.finalHeartbeat()).isEmpty();
    assertThat(terminate.event().header().id()).isNotEqualTo(first.event().header().id());
    assertThat(otherSession.event().header().id()).isNotEqualTo(first.event().header().id());
  }

  @Test
  void aGivenIdOccurredAtAndSeqAreUsed() {
    SessionEnd end =
        valid(
            read(
                """
                {"reason": "terminate", "id": "0b7e7c1a-8d39-4b4e-9f0e-1f2a3b4c5d01",
                 "occurredAt": "2025-03-01T09:59:00Z", "seq": 41}
                """));

    assertThat(end.event().header())
        .isEqualTo(
            new EventHeader(
                UUID.fromString("0b7e7c1a-8d39-4b4e-9f0e-1f2a3b4c5d01"),
                41,
                Instant.parse("2025-03-01T09:59:00Z")));
  }

  @Test
  void refusesWhatBreaksTheLimitsNamingEachField() {
    assertThat(
            violations(
                read(
                    """
                    {"reason": "pause", "activeMillis": 90001, "seq": 1000000001,
                     "occurredAt": "2025-03-01T11:00:00Z", "id": "x",
                     "bookmark": {"step": 1001, "topicId": "another-topic"}}
                    """)))
        .extracting(Violation::pointer, Violation::reason)
        .containsExactlyInAnyOrder(
            tuple("/reason", Reason.UNKNOWN_VALUE),
            tuple("/activeMillis", Reason.OUT_OF_RANGE),
            tuple("/seq", Reason.OUT_OF_RANGE),
            tuple("/occurredAt", Reason.IN_FUTURE),
            tuple("/id", Reason.INVALID_FORMAT),
            tuple("/bookmark/step", Reason.OUT_OF_RANGE),
            tuple("/bookmark/topicId", Reason.CONTRADICTS_TOKEN));
    assertThat(violations(read("{\"activeMillis\": 10}")))
        .extracting(Violation::pointer, Violation::reason)
        .containsExactlyInAnyOrder(
            tuple("/reason", Reason.MISSING), tuple("/bookmark", Reason.MISSING));
    assertThat(violations(read("[]")))
        .extracting(Violation::pointer, Violation::reason)
        .containsExactly(tuple("", Reason.WRONG_TYPE));
  }
}

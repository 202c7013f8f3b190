package io.learnpulse.ingest.domain;

import static io.learnpulse.ingest.domain.Sessions.SESSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.learnpulse.ingest.domain.Violation.Reason;
import io.learnpulse.schemas.wire.EventLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HeartbeatReaderTest {

  private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

  private final HeartbeatReader reader = new HeartbeatReader(Duration.ofMinutes(5));

  private Validation<HeartbeatReport> read(String json) {
    return reader.read(Json.parse(json), SESSION, NOW);
  }

  @Test
  void readsAHeartbeatWithItsBookmark() {
    Validation<HeartbeatReport> result =
        read(
            """
            {"id": "0b7e7c1a-8d39-4b4e-9f0e-1f2a3b4c5d01", "seq": 12,
             "occurredAt": "2025-03-01T09:59:30Z", "activeMillis": 30000,
             "bookmark": {"topicId": "topic-kafka", "challengeId": "c-2", "step": 3,
                          "revealedHints": [0, 2], "pendingAnswerId": "a-9"}}
            """);

    assertThat(result)
        .isEqualTo(
            new Validation.Valid<>(
                new HeartbeatReport(
                    new EventHeader(
                        UUID.fromString("0b7e7c1a-8d39-4b4e-9f0e-1f2a3b4c5d01"),
                        12,
                        Instant.parse("2025-03-01T09:59:30Z")),
                    30_000,
                    new HeartbeatReport.Position("c-2", 3, List.of(0, 2), "a-9"))));
  }

  @Test
  void aMissingBookmarkOrTopicMeansTheSessionsTopicWithNoChallenge() {
    Validation<HeartbeatReport> bare =
        read(
            """
            {"id": "0b7e7c1a-8d39-4b4e-9f0e-1f2a3b4c5d01", "seq": 0,
             "occurredAt": "2025-03-01T09:59:30Z", "activeMillis": 0}
            """);
    Validation<HeartbeatReport> noTopic =
        read(
            """
            {"id": "0b7e7c1a-8d39-4b4e-9f0e-1f2a3b4c5d01", "seq": 0,
             "occurredAt": "2025-03-01T09:59:30Z", "activeMillis": 0, "bookmark": {}}
            """);

    assertThat(bare).isInstanceOf(Validation.Valid.class);
    assertThat(((Validation.Valid<HeartbeatReport>) bare).value().bookmark())
        .isEqualTo(HeartbeatReport.Position.none());
    assertThat(((Validation.Valid<HeartbeatReport>) noTopic).value().bookmark())
        .isEqualTo(HeartbeatReport.Position.none());
  }

  @Test
  void rejectsABookmarkForAnotherTopicAndBadValues() {
    Validation<HeartbeatReport> result =
        read(
            """
            {"id": "0b7e7c1a-8d39-4b4e-9f0e-1f2a3b4c5d01", "seq": 1,
             "occurredAt": "2025-03-01T09:59:30Z", "activeMillis": -5,
             "bookmark": {"topicId": "another-topic", "step": "3", "revealedHints": [1, -1, null]}}
            """);

    assertThat(((Validation.Invalid<?>) result).violations())
        .extracting(Violation::pointer, Violation::reason)
        .containsExactlyInAnyOrder(
            tuple("/activeMillis", Reason.OUT_OF_RANGE),
            tuple("/bookmark/topicId", Reason.CONTRADICTS_TOKEN),
            tuple("/bookmark/step", Reason.WRONG_TYPE),
            tuple("/bookmark/revealedHints/1", Reason.OUT_OF_RANGE),
            tuple("/bookmark/revealedHints/2", Reason.WRONG_TYPE));
  }

  @Test
  void aHeartbeatIsOneObject() {
    assertThat(((Validation.Invalid<?>) read("[]")).violations())
        .extracting(Violation::pointer, Violation::reason)
        .containsExactly(tuple("", Reason.WRONG_TYPE));
    assertThat(((Validation.Invalid<?>) read("{}")).violations())
        .extracting(Violation::pointer)
        .containsExactlyInAnyOrder("/id", "/seq", "/occurredAt", "/activeMillis");
  }

  @Test
  void activeMillisIsAtMostTheHeartbeatLimit() {
    String heartbeat =
        """
        {"id": "0b7e7c1a-8d39-4b4e-9f0e-1f2a3b4c5d01", "seq": 1,
         "occurredAt": "2025-03-01T09:59:30Z", "activeMillis": %s}
        """;

    assertThat(read(heartbeat.formatted(EventLimits.MAX_ACTIVE_MILLIS_PER_HEARTBEAT)))
        .isInstanceOf(Validation.Valid.class);
    for (String tooMuch :
        List.of(
            Long.toString(EventLimits.MAX_ACTIVE_MILLIS_PER_HEARTBEAT + 1),
            "9223372036854775000",
            "92233720368547758070")) {
      Validation<HeartbeatReport> result = read(heartbeat.formatted(tooMuch));
      assertThat(((Validation.Invalid<?>) result).violations())
          .as("activeMillis %s", tooMuch)
          .extracting(Violation::pointer, Violation::reason)
          .containsExactly(tuple("/activeMillis", Reason.OUT_OF_RANGE));
    }
  }

  @Test
  void bookmarkFieldsAreBounded() {
    String hints =
        IntStream.rangeClosed(0, EventLimits.MAX_INDEX + 1)
            .mapToObj(Integer::toString)
            .collect(Collectors.joining(","));
    Validation<HeartbeatReport> result =
        read(
            """
            {"id": "0b7e7c1a-8d39-4b4e-9f0e-1f2a3b4c5d01", "seq": 1,
             "occurredAt": "2025-03-01T09:59:30Z", "activeMillis": 0,
             "bookmark": {"challengeId": "c\\u0000", "step": 1001, "revealedHints": [%s],
                          "pendingAnswerId": "%s"}}
            """
                .formatted(hints, "a".repeat(EventLimits.MAX_ID_LENGTH + 1)));

    assertThat(((Validation.Invalid<?>) result).violations())
        .extracting(Violation::pointer, Violation::reason)
        .containsExactlyInAnyOrder(
            tuple("/bookmark/challengeId", Reason.INVALID_FORMAT),
            tuple("/bookmark/step", Reason.OUT_OF_RANGE),
            tuple("/bookmark/revealedHints", Reason.INVALID_LENGTH),
            tuple("/bookmark/pendingAnswerId", Reason.INVALID_LENGTH));
    assertThat(
            ((Validation.Invalid<?>)
                    read(
                        """
                        {"id": "0b7e7c1a-8d39-4b4e-9f0e-1f2a3b4c5d01", "seq": 1,
                         "occurredAt": "2025-03-01T09:59:30Z", "activeMillis": 0,
                         "bookmark": {"revealedHints": [0, 1001]}}
                        """))
                .violations())
        .extracting(Violation::pointer, Violation::reason)
        .containsExactly(tuple("/bookmark/revealedHints/1", Reason.OUT_OF_RANGE));
  }
}

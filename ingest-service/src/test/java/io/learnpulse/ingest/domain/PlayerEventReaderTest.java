package io.learnpulse.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.learnpulse.events.v1.AnswerOutcome;
import io.learnpulse.events.v1.ReviewOutcome;
import io.learnpulse.ingest.domain.Violation.Reason;
import io.learnpulse.schemas.wire.EventLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PlayerEventReaderTest {

  private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
  private static final String ID_1 = "0b7e7c1a-8d39-4b4e-9f0e-1f2a3b4c5d01";
  private static final String ID_2 = "0b7e7c1a-8d39-4b4e-9f0e-1f2a3b4c5d02";

  private final PlayerEventReader reader = new PlayerEventReader(3, Duration.ofMinutes(5));

  private Validation<List<PlayerEvent>> read(String json) {
    return reader.read(Json.parse(json), "", NOW);
  }

  private static List<Violation> violations(Validation<?> validation) {
    assertThat(validation).isInstanceOf(Validation.Invalid.class);
    return ((Validation.Invalid<?>) validation).violations();
  }

  @Test
  void readsASingleEventObject() {
    Validation<List<PlayerEvent>> result =
        read(
            """
            {"id": "%s", "seq": 7, "type": "challenge.opened",
             "occurredAt": "2025-03-01T09:59:59.123456Z", "challengeId": "c-1"}
            """
                .formatted(ID_1));

    assertThat(result)
        .isEqualTo(
            new Validation.Valid<>(
                List.of(
                    new PlayerEvent.ChallengeOpened(
                        new EventHeader(
                            UUID.fromString(ID_1), 7, Instant.parse("2025-03-01T09:59:59.123Z")),
                        "c-1"))));
  }

  @Test
  void readsEveryEventTypeWithItsFields() {
    PlayerEventReader big = new PlayerEventReader(500, Duration.ofMinutes(5));
    String json =
        """
        [
          {"id": "00000000-0000-4000-8000-000000000001", "seq": 1, "occurredAt": "2025-03-01T09:00:00Z",
           "type": "step.reached", "challengeId": "c", "step": 2, "last": true},
          {"id": "00000000-0000-4000-8000-000000000002", "seq": 2, "occurredAt": "2025-03-01T09:00:00Z",
           "type": "hint.revealed", "challengeId": "c", "hintIndex": 0},
          {"id": "00000000-0000-4000-8000-000000000003", "seq": 3, "occurredAt": "2025-03-01T09:00:00Z",
           "type": "answer.submitted", "challengeId": "c", "answerId": "a", "outcome": "pending_review"},
          {"id": "00000000-0000-4000-8000-000000000004", "seq": 4, "occurredAt": "2025-03-01T09:00:00Z",
           "type": "answer.reviewed", "challengeId": "c", "answerId": "a", "outcome": "incorrect"},
          {"id": "00000000-0000-4000-8000-000000000005", "seq": 5, "occurredAt": "2025-03-01T09:00:00Z",
           "type": "session.suspended"},
          {"id": "00000000-0000-4000-8000-000000000006", "seq": 6, "occurredAt": "2025-03-01T09:00:00Z",
           "type": "session.resumed"},
          {"id": "00000000-0000-4000-8000-000000000007", "seq": 7, "occurredAt": "2025-03-01T09:00:00Z",
           "type": "session.terminated"},
          {"id": "00000000-0000-4000-8000-000000000008", "seq": 8, "occurredAt": "2025-03-01T09:00:00Z",
           "type": "step.reached", "challengeId": "c", "step": 0}
        ]
        """;

    Validation<List<PlayerEvent>> result = big.read(Json.parse(json), "", NOW);

    assertThat(result).isInstanceOf(Validation.Valid.class);
    List<PlayerEvent> events = ((Validation.Valid<List<PlayerEvent>>) result).value();
    assertThat(events).hasSize(8);
    assertThat(events.get(0))
        .isEqualTo(new PlayerEvent.StepReached(events.get(0).header(), "c", 2, true));
    assertThat(events.get(1))
        .isEqualTo(new PlayerEvent.HintRevealed(events.get(1).header(), "c", 0));
    assertThat(events.get(2))
        .isEqualTo(
            new PlayerEvent.AnswerSubmitted(
                events.get(2).header(), "c", "a", AnswerOutcome.PENDING_REVIEW));
    assertThat(events.get(3))
        .isEqualTo(
            new PlayerEvent.AnswerReviewed(
                events.get(3).header(), "c", "a", ReviewOutcome.INCORRECT));
    assertThat(events.get(4)).isInstanceOf(PlayerEvent.SessionSuspended.class);
    assertThat(events.get(5)).isInstanceOf(PlayerEvent.SessionResumed.class);
    assertThat(events.get(6)).isInstanceOf(PlayerEvent.SessionTerminated.class);
    assertThat(events.get(7))
        .as("last defaults to false")
        .isEqualTo(new PlayerEvent.StepReached(events.get(7).header(), "c", 0, false));
    assertThat(events)
        .extracting(e -> e.header().seq())
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
  }

  @Test
  void rejectsTheWholeBatchAndNamesEveryBadFieldByPointer() {
    Validation<List<PlayerEvent>> result =
        read(
            """
            [
              {"id": "%s", "seq": 1, "occurredAt": "2025-03-01T09:00:00Z", "type": "challenge.opened"},
              {"id": "not-a-uuid", "seq": "2", "occurredAt": "yesterday", "type": "challenge.opened",
               "challengeId": 42}
            ]
            """
                .formatted(ID_1));

    assertThat(violations(result))
        .extracting(Violation::pointer, Violation::reason)
        .containsExactlyInAnyOrder(
            tuple("/0/challengeId", Reason.MISSING),
            tuple("/1/id", Reason.INVALID_FORMAT),
            tuple("/1/seq", Reason.WRONG_TYPE),
            tuple("/1/occurredAt", Reason.INVALID_FORMAT),
            tuple("/1/challengeId", Reason.WRONG_TYPE));
    assertThat(((Validation.Invalid<?>) result).malformed()).isTrue();
  }

  @Test
  void rejectsAnUnknownEventTypeNamingTheKnownOnes() {
    List<Violation> violations =
        violations(
            read(
                """
                {"id": "%s", "seq": 1, "occurredAt": "2025-03-01T09:00:00Z", "type": "video.watched"}
                """
                    .formatted(ID_1)));

    assertThat(violations)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.pointer()).isEqualTo("/type");
              assertThat(v.reason()).isEqualTo(Reason.UNKNOWN_VALUE);
              assertThat(v.detail()).contains("challenge.opened", "session.terminated");
            });
  }

  @Test
  void negativeNumbersAreUnprocessableNotMalformed() {
    Validation<List<PlayerEvent>> result =
        read(
            """
            {"id": "%s", "seq": -1, "occurredAt": "2025-03-01T09:00:00Z", "type": "hint.revealed",
             "challengeId": "c", "hintIndex": -3}
            """
                .formatted(ID_1));

    assertThat(violations(result))
        .extracting(Violation::pointer, Violation::reason)
        .containsExactlyInAnyOrder(
            tuple("/seq", Reason.OUT_OF_RANGE), tuple("/hintIndex", Reason.OUT_OF_RANGE));
    assertThat(((Validation.Invalid<?>) result).malformed()).isFalse();
  }

  @Test
  void rejectsFractionsAndNumbersBeyondTheirRange() {
    assertThat(
            violations(
                read(
                    """
                    {"id": "%s", "seq": 1.5, "occurredAt": "2025-03-01T09:00:00Z",
                     "type": "step.reached", "challengeId": "c", "step": 2147483648}
                    """
                        .formatted(ID_1))))
        .extracting(Violation::pointer, Violation::reason)
        .containsExactlyInAnyOrder(
            tuple("/seq", Reason.WRONG_TYPE), tuple("/step", Reason.OUT_OF_RANGE));
    assertThat(
            violations(
                read(
                    """
                    {"id": "%s", "seq": 99999999999999999999, "occurredAt": "2025-03-01T09:00:00Z",
                     "type": "session.suspended"}
                    """
                        .formatted(ID_1))))
        .extracting(Violation::pointer, Violation::reason)
        .containsExactly(tuple("/seq", Reason.OUT_OF_RANGE));
  }

  @Test
  void acceptsOccurredAtWithinTheSkewAndRejectsItBeyond() {
    String event =
        """
        {"id": "%s", "seq": 1, "occurredAt": "%s", "type": "session.suspended"}
        """;

    assertThat(read(event.formatted(ID_1, "2025-03-01T10:05:00Z")))
        .isInstanceOf(Validation.Valid.class);
    assertThat(violations(read(event.formatted(ID_1, "2025-03-01T10:05:00.001Z"))))
        .singleElement()
        .extracting(Violation::pointer, Violation::reason)
        .containsExactly("/occurredAt", Reason.IN_FUTURE);
  }

  @Test
  void acceptsAnOffsetAndRejectsInstantsOutsideTheRepresentableRange() {
    String event =
        """
        {"id": "%s", "seq": 1, "occurredAt": "%s", "type": "session.suspended"}
        """;

    assertThat(read(event.formatted(ID_1, "2025-03-01T11:00:00+02:00")))
        .isInstanceOf(Validation.Valid.class);
    assertThat(violations(read(event.formatted(ID_1, "-999999999-01-01T00:00:00Z"))))
        .extracting(Violation::reason)
        .containsExactly(Reason.OUT_OF_RANGE);
    assertThat(violations(read(event.formatted(ID_1, "+999999999-01-01T00:00:00Z"))))
        .extracting(Violation::reason)
        .containsExactly(Reason.IN_FUTURE);
    assertThat(violations(read(event.formatted(ID_1, "2025-03-01T09:00:00"))))
        .as("no time zone")
        .extracting(Violation::reason)
        .containsExactly(Reason.INVALID_FORMAT);
  }

  @Test
  void aBatchOverTheMaximumIsTooLarge() {
    String item =
        """
        {"id": "%s", "seq": 1, "occurredAt": "2025-03-01T09:00:00Z", "type": "session.suspended"}
        """;
    String batch = "[" + String.join(",", item, item, item, item) + "]";

    assertThat(read(batch.formatted(ID_1, ID_1, ID_1, ID_1)))
        .isEqualTo(new Validation.TooLarge<>(4, 3));
  }

  @Test
  void rejectsAnEmptyBatchANonObjectItemAndABareValue() {
    assertThat(violations(read("[]")))
        .extracting(Violation::pointer, Violation::reason)
        .containsExactly(tuple("", Reason.EMPTY));
    assertThat(violations(read("[\"x\"]")))
        .extracting(Violation::pointer, Violation::reason)
        .containsExactly(tuple("/0", Reason.WRONG_TYPE));
    assertThat(violations(read("17")))
        .extracting(Violation::pointer, Violation::reason)
        .containsExactly(tuple("", Reason.WRONG_TYPE));
    assertThat(violations(reader.read(null, "/events", NOW)))
        .extracting(Violation::pointer, Violation::reason)
        .containsExactly(tuple("/events", Reason.MISSING));
  }

  @Test
  void rejectsTheSameEventIdTwiceInOneBatch() {
    String item =
        """
        {"id": "%s", "seq": %d, "occurredAt": "2025-03-01T09:00:00Z", "type": "session.suspended"}
        """;

    assertThat(
            violations(
                read(
                    "["
                        + item.formatted(ID_1, 1)
                        + ","
                        + item.formatted(ID_2, 2)
                        + ","
                        + item.formatted(ID_1, 3)
                        + "]")))
        .extracting(Violation::pointer, Violation::reason)
        .containsExactly(tuple("/2/id", Reason.DUPLICATE));
  }

  @Test
  void aReviewCannotBePendingAndIdsAreBounded() {
    assertThat(
            violations(
                read(
                    """
                    {"id": "%s", "seq": 1, "occurredAt": "2025-03-01T09:00:00Z",
                     "type": "answer.reviewed", "challengeId": " ", "answerId": "%s",
                     "outcome": "pending_review"}
                    """
                        .formatted(ID_1, "a".repeat(257)))))
        .extracting(Violation::pointer, Violation::reason)
        .containsExactlyInAnyOrder(
            tuple("/challengeId", Reason.INVALID_LENGTH),
            tuple("/answerId", Reason.INVALID_LENGTH),
            tuple("/outcome", Reason.UNKNOWN_VALUE));
  }

  @Test
  void pointersStartAtTheGivenPrefix() {
    assertThat(
            violations(
                reader.read(
                    Json.parse("[{\"seq\": 1, \"type\": \"session.resumed\"}]"), "/events", NOW)))
        .extracting(Violation::pointer)
        .containsExactlyInAnyOrder("/events/0/id", "/events/0/occurredAt");
  }

  @Test
  void ignoresUnknownFieldsAndIdentityFieldsInTheBody() {
    assertThat(
            read(
                """
                {"id": "%s", "seq": 1, "occurredAt": "2025-03-01T09:00:00Z",
                 "type": "session.terminated", "tenantId": "someone-else", "extra": {"x": 1}}
                """
                    .formatted(ID_1)))
        .isInstanceOf(Validation.Valid.class);
  }

  @Test
  void idsAreOneTo255CharactersWithoutControlCharacters() {
    String event =
        """
        {"id": "%s", "seq": 1, "occurredAt": "2025-03-01T09:00:00Z", "type": "challenge.opened",
         "challengeId": "%s"}
        """;

    assertThat(read(event.formatted(ID_1, "c".repeat(255)))).isInstanceOf(Validation.Valid.class);
    assertThat(violations(read(event.formatted(ID_1, "c".repeat(256)))))
        .extracting(Violation::pointer, Violation::reason)
        .containsExactly(tuple("/challengeId", Reason.INVALID_LENGTH));
    assertThat(violations(read(event.formatted(ID_1, "c-1\\u0000"))))
        .as("a NUL character")
        .extracting(Violation::pointer, Violation::reason)
        .containsExactly(tuple("/challengeId", Reason.INVALID_FORMAT));
    assertThat(violations(read(event.formatted(ID_1, "c\\u001b[31m"))))
        .as("an escape sequence")
        .extracting(Violation::pointer, Violation::reason)
        .containsExactly(tuple("/challengeId", Reason.INVALID_FORMAT));
    assertThat(violations(read(event.formatted(ID_1, "\\ud800x"))))
        .as("an unpaired surrogate")
        .extracting(Violation::reason)
        .containsExactly(Reason.INVALID_FORMAT);
  }

  @Test
  void stepsHintIndexesAndSequenceNumbersAreWithinTheEventLimits() {
    String step =
        """
        {"id": "%s", "seq": %d, "occurredAt": "2025-03-01T09:00:00Z", "type": "step.reached",
         "challengeId": "c", "step": %d}
        """;
    String hint =
        """
        {"id": "%s", "seq": 1, "occurredAt": "2025-03-01T09:00:00Z", "type": "hint.revealed",
         "challengeId": "c", "hintIndex": %d}
        """;

    assertThat(read(step.formatted(ID_1, EventLimits.MAX_SEQUENCE, EventLimits.MAX_INDEX)))
        .isInstanceOf(Validation.Valid.class);
    assertThat(
            violations(
                read(
                    step.formatted(ID_1, EventLimits.MAX_SEQUENCE + 1, EventLimits.MAX_INDEX + 1))))
        .extracting(Violation::pointer, Violation::reason)
        .containsExactlyInAnyOrder(
            tuple("/seq", Reason.OUT_OF_RANGE), tuple("/step", Reason.OUT_OF_RANGE));
    assertThat(violations(read(hint.formatted(ID_1, EventLimits.MAX_INDEX + 1))))
        .extracting(Violation::pointer, Violation::reason)
        .containsExactly(tuple("/hintIndex", Reason.OUT_OF_RANGE));
  }
}

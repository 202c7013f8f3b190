package io.learnpulse.ingest.domain;

import io.learnpulse.events.v1.AnswerOutcome;
import io.learnpulse.events.v1.ReviewOutcome;
import io.learnpulse.ingest.domain.Violation.Reason;
import io.learnpulse.schemas.wire.EventLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Turns a parsed player request body into domain events, all or nothing: one event or an array of
 * at most {@code maxBatchSize}; every violation of every item is reported, and a body with any
 * violation yields no event at all.
 *
 * <p>Rules: {@code id} is a UUID unique within the request; {@code seq} an integer in 0 … {@link
 * EventLimits#MAX_SEQUENCE}; {@code occurredAt} an ISO 8601 instant no later than now plus the
 * clock-skew tolerance; {@code type} one of the player event types, each with its own fields (ids
 * as {@link EventLimits#idProblem}, step and hint indexes in 0 … {@link EventLimits#MAX_INDEX}).
 * Unknown fields are ignored, so players can add fields before this service knows them; tenant,
 * learner, registration, assignment and topic fields in a body are ignored because they come from
 * the token.
 */
public final class PlayerEventReader {

  /** Wire names of the event types. */
  public static final Set<String> TYPES =
      Set.of(
          "challenge.opened",
          "step.reached",
          "hint.revealed",
          "answer.submitted",
          "answer.reviewed",
          "session.suspended",
          "session.resumed",
          "session.terminated");

  private static final Map<String, String> TYPE_NAMES =
      TYPES.stream().collect(Collectors.toMap(t -> t, t -> t));

  private static final Map<String, AnswerOutcome> ANSWER_OUTCOMES =
      Map.of(
          "correct", AnswerOutcome.CORRECT,
          "incorrect", AnswerOutcome.INCORRECT,
          "pending_review", AnswerOutcome.PENDING_REVIEW);

  private static final Map<String, ReviewOutcome> REVIEW_OUTCOMES =
      Map.of("correct", ReviewOutcome.CORRECT, "incorrect", ReviewOutcome.INCORRECT);

  private final int maxBatchSize;
  private final Duration clockSkew;

  /**
   * A reader.
   *
   * @param maxBatchSize most events one request may carry
   * @param clockSkew how far in the future an occurred-at time may lie
   */
  public PlayerEventReader(int maxBatchSize, Duration clockSkew) {
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("maxBatchSize must be positive");
    }
    this.maxBatchSize = maxBatchSize;
    this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
  }

  /**
   * Validates a body.
   *
   * @param body the parsed JSON: an object (one event) or an array of objects
   * @param pointer JSON pointer of {@code body} inside the request ({@code ""} when it is the
   *     request)
   * @param now the server's current time
   */
  public Validation<List<PlayerEvent>> read(Object body, String pointer, Instant now) {
    Instant latest = now.plus(clockSkew);
    List<Violation> violations = new ArrayList<>();
    List<PlayerEvent> events = new ArrayList<>();
    if (body instanceof List<?> items) {
      if (items.size() > maxBatchSize) {
        return new Validation.TooLarge<>(items.size(), maxBatchSize);
      }
      if (items.isEmpty()) {
        return new Validation.Invalid<>(
            List.of(new Violation(pointer, Reason.EMPTY, "must hold at least one event")));
      }
      // Sized for the batch: no rehashing as the ids go in.
      Set<UUID> ids = new HashSet<>(2 * items.size());
      for (int i = 0; i < items.size(); i++) {
        String at = pointer + "/" + i;
        PlayerEvent event = readOne(items.get(i), at, latest, violations);
        if (event != null && !ids.add(event.header().id())) {
          violations.add(
              new Violation(
                  at + "/id", Reason.DUPLICATE, "the same event id appears earlier in the batch"));
        }
        events.add(event);
      }
    } else if (body == null) {
      violations.add(new Violation(pointer, Reason.MISSING, "events are required"));
    } else if (body instanceof Map<?, ?>) {
      events.add(readOne(body, pointer, latest, violations));
    } else {
      violations.add(
          new Violation(pointer, Reason.WRONG_TYPE, "must be an event object or an array of them"));
    }
    return violations.isEmpty()
        ? new Validation.Valid<>(List.copyOf(events))
        : new Validation.Invalid<>(violations);
  }

  private PlayerEvent readOne(
      Object node, String pointer, Instant latest, List<Violation> violations) {
    int before = violations.size();
    JsonObject json = JsonObject.at(node, pointer, violations);
    if (json == null) {
      return null;
    }
    UUID id = json.uuid("id");
    Long seq = json.longAtMost("seq", EventLimits.MAX_SEQUENCE);
    Instant occurredAt = json.instant("occurredAt", latest);
    String type = json.oneOf("type", TYPE_NAMES);
    if (type == null) {
      return null;
    }
    EventHeader header =
        id == null || seq == null || occurredAt == null
            ? null
            : new EventHeader(id, seq, occurredAt);
    PlayerEvent event = typed(type, header, json);
    return violations.size() == before ? event : null;
  }

  /** Reads the type-specific fields; returns null when the header is unusable. */
  private static PlayerEvent typed(String type, EventHeader header, JsonObject json) {
    switch (type) {
      case "challenge.opened" -> {
        String challengeId = json.id("challengeId");
        return header == null ? null : new PlayerEvent.ChallengeOpened(header, challengeId);
      }
      case "step.reached" -> {
        String challengeId = json.id("challengeId");
        Integer step = json.intAtMost("step", EventLimits.MAX_INDEX);
        Boolean last = json.bool("last", false);
        return header == null || step == null || last == null
            ? null
            : new PlayerEvent.StepReached(header, challengeId, step, last);
      }
      case "hint.revealed" -> {
        String challengeId = json.id("challengeId");
        Integer hintIndex = json.intAtMost("hintIndex", EventLimits.MAX_INDEX);
        return header == null || hintIndex == null
            ? null
            : new PlayerEvent.HintRevealed(header, challengeId, hintIndex);
      }
      case "answer.submitted" -> {
        String challengeId = json.id("challengeId");
        String answerId = json.id("answerId");
        AnswerOutcome outcome = json.oneOf("outcome", ANSWER_OUTCOMES);
        return header == null
            ? null
            : new PlayerEvent.AnswerSubmitted(header, challengeId, answerId, outcome);
      }
      case "answer.reviewed" -> {
        String challengeId = json.id("challengeId");
        String answerId = json.id("answerId");
        ReviewOutcome outcome = json.oneOf("outcome", REVIEW_OUTCOMES);
        return header == null
            ? null
            : new PlayerEvent.AnswerReviewed(header, challengeId, answerId, outcome);
      }
      case "session.suspended" -> {
        return header == null ? null : new PlayerEvent.SessionSuspended(header);
      }
      case "session.resumed" -> {
        return header == null ? null : new PlayerEvent.SessionResumed(header);
      }
      case "session.terminated" -> {
        return header == null ? null : new PlayerEvent.SessionTerminated(header);
      }
      default -> throw new IllegalStateException("unhandled event type " + type);
    }
  }
}

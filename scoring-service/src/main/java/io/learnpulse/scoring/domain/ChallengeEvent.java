package io.learnpulse.scoring.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.UUID;

/**
 * A challenge-level fact of one registration, the only input scoring looks at. Events are evaluated
 * in {@link #ORDER}: occurred-at time, then the session sequence number, then the event id so that
 * ties are broken the same way whatever order the events arrived in.
 */
public sealed interface ChallengeEvent
    permits ChallengeEvent.Opened,
        ChallengeEvent.StepReached,
        ChallengeEvent.HintRevealed,
        ChallengeEvent.AnswerSubmitted,
        ChallengeEvent.AnswerReviewed {

  /** Evaluation order of a registration's events. */
  Comparator<ChallengeEvent> ORDER =
      Comparator.comparing(ChallengeEvent::occurredAt)
          .thenComparingLong(ChallengeEvent::sequence)
          .thenComparing(ChallengeEvent::eventId);

  /** Unique id; an id seen before is a duplicate. */
  UUID eventId();

  /** When it happened, by the source's clock. */
  Instant occurredAt();

  /** Per-session sequence number, the tie-breaker for equal occurred-at times. */
  long sequence();

  /** The challenge the event is about. */
  ChallengeRef challenge();

  /** Which challenge of which topic of which assignment an event is about. */
  record ChallengeRef(String assignmentId, String topicId, String challengeId) {
    /** Checks that every part is present. */
    public ChallengeRef {
      Objects.requireNonNull(assignmentId, "assignmentId");
      Objects.requireNonNull(topicId, "topicId");
      Objects.requireNonNull(challengeId, "challengeId");
    }
  }

  /** How a submitted answer was judged at submission. */
  enum SubmissionOutcome {
    CORRECT,
    INCORRECT,
    PENDING_REVIEW
  }

  /** How a reviewer judged a pending answer. */
  enum ReviewOutcome {
    CORRECT,
    INCORRECT
  }

  /** The learner opened the challenge. */
  record Opened(UUID eventId, Instant occurredAt, long sequence, ChallengeRef challenge)
      implements ChallengeEvent {
    /** Checks required parts. */
    public Opened {
      requireCommon(eventId, occurredAt, challenge);
    }
  }

  /** The learner reached a step; {@code last} makes the challenge reviewed once opened. */
  record StepReached(
      UUID eventId,
      Instant occurredAt,
      long sequence,
      ChallengeRef challenge,
      int step,
      boolean last)
      implements ChallengeEvent {
    /** Checks required parts. */
    public StepReached {
      requireCommon(eventId, occurredAt, challenge);
    }
  }

  /** The learner revealed hint {@code hintIndex}; the same index twice counts once. */
  record HintRevealed(
      UUID eventId, Instant occurredAt, long sequence, ChallengeRef challenge, int hintIndex)
      implements ChallengeEvent {
    /** Checks required parts. */
    public HintRevealed {
      requireCommon(eventId, occurredAt, challenge);
    }
  }

  /** The learner submitted answer {@code answerId}, judged {@code outcome}. */
  record AnswerSubmitted(
      UUID eventId,
      Instant occurredAt,
      long sequence,
      ChallengeRef challenge,
      String answerId,
      SubmissionOutcome outcome)
      implements ChallengeEvent {
    /** Checks required parts. */
    public AnswerSubmitted {
      requireCommon(eventId, occurredAt, challenge);
      Objects.requireNonNull(answerId, "answerId");
      Objects.requireNonNull(outcome, "outcome");
    }
  }

  /** A reviewer judged the pending answer {@code answerId}. */
  record AnswerReviewed(
      UUID eventId,
      Instant occurredAt,
      long sequence,
      ChallengeRef challenge,
      String answerId,
      ReviewOutcome outcome)
      implements ChallengeEvent {
    /** Checks required parts. */
    public AnswerReviewed {
      requireCommon(eventId, occurredAt, challenge);
      Objects.requireNonNull(answerId, "answerId");
      Objects.requireNonNull(outcome, "outcome");
    }
  }

  private static void requireCommon(UUID eventId, Instant occurredAt, ChallengeRef challenge) {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(occurredAt, "occurredAt");
    Objects.requireNonNull(challenge, "challenge");
  }
}

package io.learnpulse.ingest.domain;

import io.learnpulse.events.v1.AnswerOutcome;
import io.learnpulse.events.v1.ReviewOutcome;

/** A challenge-level or session event reported by the training player. */
public sealed interface PlayerEvent {

  /** Id, sequence number and time of the event. */
  EventHeader header();

  /** {@code challenge.opened}: the learner opened a challenge. */
  record ChallengeOpened(EventHeader header, String challengeId) implements PlayerEvent {}

  /** {@code step.reached}: the learner reached a step of a challenge. */
  record StepReached(EventHeader header, String challengeId, int step, boolean last)
      implements PlayerEvent {}

  /** {@code hint.revealed}: the learner revealed a hint. */
  record HintRevealed(EventHeader header, String challengeId, int hintIndex)
      implements PlayerEvent {}

  /** {@code answer.submitted}: the learner submitted an answer. */
  record AnswerSubmitted(
      EventHeader header, String challengeId, String answerId, AnswerOutcome outcome)
      implements PlayerEvent {}

  /** {@code answer.reviewed}: a pending answer was reviewed. */
  record AnswerReviewed(
      EventHeader header, String challengeId, String answerId, ReviewOutcome outcome)
      implements PlayerEvent {}

  /** {@code session.suspended}: the learner left unfinished. */
  record SessionSuspended(EventHeader header) implements PlayerEvent {}

  /** {@code session.resumed}: the learner came back to the session. */
  record SessionResumed(EventHeader header) implements PlayerEvent {}

  /** {@code session.terminated}: the learner ended the session. */
  record SessionTerminated(EventHeader header) implements PlayerEvent {}
}

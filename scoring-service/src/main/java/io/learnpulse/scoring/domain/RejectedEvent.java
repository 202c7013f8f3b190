package io.learnpulse.scoring.domain;

import java.util.Objects;

/**
 * An event that scoring reported and ignored under a policy.
 *
 * @param event the event
 * @param reason why it was ignored
 */
public record RejectedEvent(ChallengeEvent event, Reason reason) {

  /** Why an event was ignored. */
  public enum Reason {
    /** The event names another assignment than the registration's. */
    OTHER_ASSIGNMENT,
    /** The assignment has no such topic. */
    UNKNOWN_TOPIC,
    /** The topic has no such challenge. */
    UNKNOWN_CHALLENGE,
    /** A review of an answer that was not submitted pending review before it. */
    REVIEW_WITHOUT_PENDING_ANSWER
  }

  /** Checks required parts. */
  public RejectedEvent {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(reason, "reason");
  }
}

package io.learnpulse.lmssync.scorm;

import java.util.Objects;
import java.util.TreeSet;

/**
 * A checkpoint of the player (challenge opened, step reached, hint revealed, answer submitted or
 * reviewed) as a move of the bookmark: each one leaves the learner somewhere new, and the LMS gets
 * a commit as soon as location or suspend data change, not at the next heartbeat (ADR 0020).
 */
public sealed interface Checkpoint {

  /** The topic the checkpoint happened in. */
  String topicId();

  /** The challenge the checkpoint is about. */
  String challengeId();

  /** The learner opened a challenge. */
  record Opened(String topicId, String challengeId) implements Checkpoint {}

  /** The learner reached a step of a challenge. */
  record StepReached(String topicId, String challengeId, int step) implements Checkpoint {}

  /** The learner revealed a hint of a challenge. */
  record HintRevealed(String topicId, String challengeId, int hintIndex) implements Checkpoint {}

  /** The learner submitted an answer; {@code pending} when it awaits a review. */
  record AnswerSubmitted(String topicId, String challengeId, String answerId, boolean pending)
      implements Checkpoint {}

  /** A pending answer was reviewed. */
  record AnswerReviewed(String topicId, String challengeId, String answerId)
      implements Checkpoint {}

  /**
   * The bookmark after this checkpoint. Within the bookmark's challenge, the step moves to the one
   * reached, hints accumulate and the pending answer follows submissions and reviews; a checkpoint
   * in another challenge (or topic) starts a fresh bookmark there.
   *
   * @param current the stored bookmark, or null
   */
  default Bookmark applyTo(Bookmark current) {
    boolean same =
        current != null
            && topicId().equals(current.topicId())
            && challengeId().equals(current.challengeId());
    Integer step = same ? current.step() : null;
    TreeSet<Integer> hints = same ? new TreeSet<>(current.revealedHints()) : new TreeSet<>();
    String pending = same ? current.pendingAnswerId() : null;
    if (this instanceof Opened) {
      step = step == null ? 0 : step;
    } else if (this instanceof StepReached s) {
      step = s.step();
    } else if (this instanceof HintRevealed h) {
      hints.add(h.hintIndex());
    } else if (this instanceof AnswerSubmitted a) {
      pending = a.pending() ? a.answerId() : null;
    } else if (this instanceof AnswerReviewed r && Objects.equals(pending, r.answerId())) {
      pending = null;
    }
    return new Bookmark(topicId(), challengeId(), step, hints, pending);
  }
}

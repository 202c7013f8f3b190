package io.learnpulse.lmssync.scorm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class CheckpointTest {

  @Test
  void checkpointsWithinAChallengeMoveTheStepAccumulateHintsAndTrackThePendingAnswer() {
    Bookmark b = new Checkpoint.Opened("t", "a").applyTo(Bookmark.startOf("t"));
    assertThat(b).isEqualTo(new Bookmark("t", "a", 0, Set.of(), null));
    b = new Checkpoint.HintRevealed("t", "a", 1).applyTo(b);
    b = new Checkpoint.HintRevealed("t", "a", 1).applyTo(b);
    b = new Checkpoint.StepReached("t", "a", 2).applyTo(b);
    b = new Checkpoint.AnswerSubmitted("t", "a", "x", true).applyTo(b);
    assertThat(b).isEqualTo(new Bookmark("t", "a", 2, Set.of(1), "x"));
    assertThat(new Checkpoint.AnswerReviewed("t", "a", "other").applyTo(b)).isEqualTo(b);
    b = new Checkpoint.AnswerReviewed("t", "a", "x").applyTo(b);
    assertThat(b).isEqualTo(new Bookmark("t", "a", 2, Set.of(1), null));
    assertThat(new Checkpoint.Opened("t", "a").applyTo(b))
        .as("reopening keeps the place")
        .isEqualTo(b);
  }

  @Test
  void aCheckpointInAnotherChallengeStartsAFreshBookmark() {
    Bookmark b = new Bookmark("t", "a", 3, Set.of(0, 2), "x");
    assertThat(new Checkpoint.HintRevealed("t", "b", 0).applyTo(b))
        .isEqualTo(new Bookmark("t", "b", null, Set.of(0), null));
    assertThat(new Checkpoint.StepReached("t", "b", 1).applyTo(null))
        .isEqualTo(new Bookmark("t", "b", 1, Set.of(), null));
    assertThat(new Checkpoint.AnswerSubmitted("t", "b", "y", false).applyTo(b))
        .isEqualTo(new Bookmark("t", "b", null, Set.of(), null));
  }
}

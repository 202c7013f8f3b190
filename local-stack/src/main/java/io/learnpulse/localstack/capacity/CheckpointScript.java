package io.learnpulse.localstack.capacity;

import java.util.ArrayList;
import java.util.List;

/**
 * What a simulated learner does in the demo topic, one player event per action, in a loop: open a
 * challenge, walk its steps, reveal its hints, one wrong answer, the right one (the last
 * challenge's answer goes to review), then the next challenge. Actions that move the bookmark carry
 * the {@link Progress} the resulting SCORM commit shows; answers do not move it and are not timed
 * to a commit.
 */
final class CheckpointScript {

  /** Steps and hints per challenge, as in the demo player ({@code demo/player/player.js}). */
  private static final int[] STEPS = {2, 2, 3, 2};

  private static final int[] HINTS = {2, 1, 2, 1};

  /**
   * One player event.
   *
   * @param type the event type ({@code challenge.opened}, {@code step.reached}, …)
   * @param challengeId its challenge
   * @param index the step or hint index (unused for other types)
   * @param outcome an answer's outcome (null for other types)
   * @param after the bookmark progress after this action, or null when it does not move it
   */
  record Action(String type, String challengeId, int index, String outcome, Progress after) {}

  private final List<Action> actions;

  /** The script over {@code challengeIds} (at most four: the demo topic's). */
  CheckpointScript(List<String> challengeIds) {
    List<Action> list = new ArrayList<>();
    for (int c = 0; c < challengeIds.size(); c++) {
      String id = challengeIds.get(c);
      int steps = STEPS[c % STEPS.length];
      int hints = HINTS[c % HINTS.length];
      list.add(new Action("challenge.opened", id, 0, null, new Progress(id, 0, 0)));
      for (int s = 1; s < steps; s++) {
        list.add(new Action("step.reached", id, s, null, new Progress(id, s, 0)));
      }
      for (int h = 0; h < hints; h++) {
        list.add(new Action("hint.revealed", id, h, null, new Progress(id, steps - 1, h + 1)));
      }
      list.add(new Action("answer.submitted", id, 0, "incorrect", null));
      boolean last = c == challengeIds.size() - 1;
      list.add(new Action("answer.submitted", id, 0, last ? "pending_review" : "correct", null));
    }
    this.actions = List.copyOf(list);
  }

  /** The action at position {@code n} of the endless loop. */
  Action at(long n) {
    return actions.get((int) (n % actions.size()));
  }

  /** Actions in one pass over the topic. */
  int length() {
    return actions.size();
  }

  /** Steps of the challenge at {@code index}. */
  static int steps(int index) {
    return STEPS[index % STEPS.length];
  }
}

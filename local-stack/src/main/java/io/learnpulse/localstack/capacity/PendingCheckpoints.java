package io.learnpulse.localstack.capacity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One probe learner's accepted checkpoints whose SCORM commit has not been seen yet. A commit shows
 * the bookmark's {@link Progress}; the latest pending checkpoint with that progress and every
 * earlier one are then ready (a commit carries the whole bookmark, so it also makes every earlier
 * state of the same session ready, even when lms-sync coalesced them into one commit). Not
 * thread-safe: the caller synchronizes on the learner.
 */
final class PendingCheckpoints {

  /**
   * A checkpoint answered 202.
   *
   * @param progress the bookmark progress it leads to
   * @param acceptedAt when the 202 arrived
   */
  record Pending(Progress progress, Instant acceptedAt) {}

  private final List<Pending> pending = new ArrayList<>();

  void accepted(Progress progress, Instant acceptedAt) {
    pending.add(new Pending(progress, acceptedAt));
  }

  /** The checkpoints a commit showing {@code shown} made ready, removed from the pending ones. */
  List<Pending> committed(Progress shown) {
    int last = -1;
    for (int i = pending.size() - 1; i >= 0; i--) {
      if (pending.get(i).progress().equals(shown)) {
        last = i;
        break;
      }
    }
    if (last < 0) {
      return List.of();
    }
    List<Pending> ready = new ArrayList<>(pending.subList(0, last + 1));
    pending.subList(0, last + 1).clear();
    return ready;
  }

  /** Removes and counts the checkpoints accepted before {@code cutoff} that never got a commit. */
  int expire(Instant cutoff) {
    int expired = 0;
    for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
      if (it.next().acceptedAt().isBefore(cutoff)) {
        it.remove();
        expired++;
      }
    }
    return expired;
  }

  int size() {
    return pending.size();
  }
}

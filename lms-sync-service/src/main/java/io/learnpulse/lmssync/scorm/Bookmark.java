package io.learnpulse.lmssync.scorm;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where the learner is: enough to drop them back exactly there on resume. Revealed hints are a set,
 * so revealing a hint twice changes nothing.
 *
 * @param topicId topic the learner is in
 * @param challengeId challenge the learner is in, or null
 * @param step zero-based step reached in that challenge, or null
 * @param revealedHints hint indexes revealed in that challenge, held in ascending order
 * @param pendingAnswerId answer submitted and awaiting review, or null
 */
public record Bookmark(
    String topicId,
    String challengeId,
    Integer step,
    Set<Integer> revealedHints,
    String pendingAnswerId) {

  /** Validates and freezes the bookmark. */
  public Bookmark {
    Objects.requireNonNull(topicId, "topicId");
    if (step != null && step < 0) {
      throw new IllegalArgumentException("step must not be negative: " + step);
    }
    TreeSet<Integer> hints = new TreeSet<>(revealedHints == null ? Set.of() : revealedHints);
    if (!hints.isEmpty() && hints.first() < 0) {
      throw new IllegalArgumentException("hint indexes must not be negative: " + hints);
    }
    revealedHints = Collections.unmodifiableSortedSet(hints);
  }

  /** A bookmark at the start of a topic. */
  public static Bookmark startOf(String topicId) {
    return new Bookmark(topicId, null, null, null, null);
  }
}

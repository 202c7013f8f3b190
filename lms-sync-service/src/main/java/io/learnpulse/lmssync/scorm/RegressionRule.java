package io.learnpulse.lmssync.scorm;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an assignment does when scoring's new status would lower what the LMS already holds — a
 * policy change that un-completes a learner, a late hint that lowers a score already sent (ADR
 * 0027). A lowering is: completion {@code completed} → {@code incomplete}; success {@code passed} →
 * anything else; a SCORM 1.2 lesson status of lower rank (incomplete &lt; completed = failed &lt;
 * passed); a score lower than the one held, or none. {@code failed} ↔ {@code completed} (a policy
 * switching the 1.2 failed-when-not-passed option) is not a lowering.
 */
public enum RegressionRule {
  /** The default: once the LMS holds completed, passed or a score, nothing lowers it. */
  NEVER_LOWER,
  /** The new status goes to the LMS as scored; the commit records what was lowered. */
  ALLOW;

  /**
   * The status to hold and send, and why when it differs from a plain update.
   *
   * @param progress what the LMS is to hold from now on
   * @param reason what was lowered (ALLOW) or kept (NEVER_LOWER), null when nothing would be
   *     lowered
   */
  public record Decision(TopicProgress progress, String reason) {}

  /**
   * Decides between the status the LMS holds and scoring's new one.
   *
   * @param held what the registration holds (what was last sent to the LMS)
   * @param incoming scoring's new status
   */
  public Decision decide(TopicProgress held, TopicProgress incoming) {
    boolean completionLowered =
        held.completion() == TopicProgress.Completion.COMPLETED
            && incoming.completion() != TopicProgress.Completion.COMPLETED;
    boolean successLowered =
        held.success() == TopicProgress.Success.PASSED
            && incoming.success() != TopicProgress.Success.PASSED;
    boolean lessonLowered = rank(incoming.lesson()) < rank(held.lesson());
    boolean scoreLowered =
        held.rawScore() != null
            && (incoming.rawScore() == null || incoming.rawScore().compareTo(held.rawScore()) < 0);
    if (!completionLowered && !successLowered && !lessonLowered && !scoreLowered) {
      return new Decision(incoming, null);
    }
    List<String> changes = new ArrayList<>(4);
    if (completionLowered) {
      changes.add(change("completion", held.completion(), incoming.completion()));
    }
    if (successLowered) {
      changes.add(change("success", held.success(), incoming.success()));
    }
    if (lessonLowered) {
      changes.add(change("lesson", held.lesson(), incoming.lesson()));
    }
    if (scoreLowered) {
      changes.add("score " + score(held.rawScore()) + " → " + score(incoming.rawScore()));
    }
    String what = String.join(", ", changes);
    if (this == ALLOW) {
      return new Decision(
          incoming,
          "regression allowed (ALLOW, policy v" + incoming.policyVersion() + "): " + what);
    }
    TopicProgress kept =
        new TopicProgress(
            incoming.policyVersion(),
            completionLowered ? held.completion() : incoming.completion(),
            successLowered ? held.success() : incoming.success(),
            lessonLowered ? held.lesson() : incoming.lesson(),
            scoreLowered ? held.rawScore() : incoming.rawScore());
    return new Decision(
        kept,
        "regression held (NEVER_LOWER, policy v"
            + incoming.policyVersion()
            + "): kept "
            + what.replace(" → ", " over "));
  }

  private static int rank(TopicProgress.Lesson lesson) {
    return switch (lesson) {
      case INCOMPLETE -> 0;
      case COMPLETED, FAILED -> 1;
      case PASSED -> 2;
    };
  }

  private static String change(String what, Enum<?> from, Enum<?> to) {
    return what
        + " "
        + from.name().toLowerCase(Locale.ROOT)
        + " → "
        + to.name().toLowerCase(Locale.ROOT);
  }

  private static String score(BigDecimal score) {
    return score == null ? "none" : ScormSummary.decimal(score);
  }
}

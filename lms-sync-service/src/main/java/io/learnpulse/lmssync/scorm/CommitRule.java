package io.learnpulse.lmssync.scorm;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * When a session's SCORM summary becomes a commit for the LMS (ADR 0036). A commit is written when
 * there is a reason (launch, regression), when the session has none yet, when the policy version
 * behind it changed, or when an element changed, except that a change of the session time alone, in
 * a session still active, waits until {@code sessionTimeInterval} has passed since the session's
 * last commit. Every commit carries the current session time, so a deferred session time goes with
 * the next commit of any kind: nothing is lost, only delayed.
 *
 * @param sessionTimeInterval how long a session-time-only change waits after the session's last
 *     commit; zero commits every change at once
 */
public record CommitRule(Duration sessionTimeInterval) {

  /** Checks the interval. */
  public CommitRule {
    Objects.requireNonNull(sessionTimeInterval, "sessionTimeInterval");
    if (sessionTimeInterval.isNegative()) {
      throw new IllegalArgumentException("sessionTimeInterval must not be negative");
    }
  }

  /**
   * A session's latest commit as the rule reads it.
   *
   * @param elements the values committed
   * @param policyVersion the policy version behind them, 0 for none
   * @param at when it was written
   */
  public record LastCommit(Map<String, String> elements, int policyVersion, Instant at) {}

  /**
   * The outcome: whether to commit, and the reason stored with the commit (null for an ordinary
   * change).
   */
  public record Decision(boolean commit, String reason) {

    /** Nothing to commit. */
    public static final Decision NONE = new Decision(false, null);
  }

  /**
   * Decides for one session.
   *
   * @param summary the summary as it stands, with the session's current time
   * @param last the session's latest commit, or null when it has none
   * @param sessionActive whether the session is still active (not suspended, terminated or
   *     abandoned): an ended session gets its final time at once
   * @param reason a reason to commit even when nothing changed, or null
   * @param now the service clock's instant
   */
  public Decision decide(
      ScormSummary summary, LastCommit last, boolean sessionActive, String reason, Instant now) {
    if (reason != null) {
      return new Decision(true, reason);
    }
    if (last == null) {
      return new Decision(true, null);
    }
    if (last.policyVersion() != summary.policyVersion()) {
      return new Decision(true, "policy v" + summary.policyVersion());
    }
    if (last.elements().equals(summary.elements())) {
      return Decision.NONE;
    }
    if (sessionActive
        && !sessionTimeInterval.isZero()
        && summary.differsOnlyInSessionTime(last.elements())
        && now.isBefore(last.at().plus(sessionTimeInterval))) {
      return Decision.NONE;
    }
    return new Decision(true, null);
  }
}

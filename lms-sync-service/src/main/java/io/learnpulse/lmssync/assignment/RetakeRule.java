package io.learnpulse.lmssync.assignment;

import io.learnpulse.lmssync.error.InvalidValueException;
import java.time.Duration;
import java.time.Instant;

/**
 * When an LMS's new attempt after a finished one starts a new attempt of the registration (ADR
 * 0019).
 *
 * @param when NEVER, AFTER_FAILURE (the finished attempt did not pass) or ALWAYS
 * @param minimumDays whole days that must have passed since the previous attempt began, 0..3650
 */
public record RetakeRule(When when, int minimumDays) {

  /** What no stored rule means: the LMS decides. */
  public static final RetakeRule DEFAULT = new RetakeRule(When.ALWAYS, 0);

  /** Which finished attempts may be retaken. */
  public enum When {
    /** Never: a finished attempt is resumed. */
    NEVER,
    /** Only an attempt that did not pass. */
    AFTER_FAILURE,
    /** Any finished attempt. */
    ALWAYS
  }

  /** Checks the rule's values. */
  public RetakeRule {
    if (when == null) {
      throw new InvalidValueException("when", "must be NEVER, AFTER_FAILURE or ALWAYS");
    }
    if (minimumDays < 0 || minimumDays > 3650) {
      throw new InvalidValueException("minimumDays", "must be 0..3650");
    }
  }

  /**
   * True when a finished attempt may be followed by a new one now.
   *
   * @param passed whether the finished attempt passed
   * @param began when the finished attempt began
   * @param now the current time
   */
  public boolean allows(boolean passed, Instant began, Instant now) {
    boolean byOutcome =
        switch (when) {
          case NEVER -> false;
          case AFTER_FAILURE -> !passed;
          case ALWAYS -> true;
        };
    return byOutcome && !now.isBefore(began.plus(Duration.ofDays(minimumDays)));
  }
}

package io.learnpulse.xapi.statement;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The outcome part of a statement. Every member is optional in xAPI; an absent one is {@code null}
 * here and left out of the JSON. Built from {@link #of} with the {@code with...} methods.
 *
 * @param score the score, or null
 * @param success whether the attempt succeeded, or null when not known
 * @param completion whether the activity is complete, or null when the statement does not say
 * @param duration time taken, or null (written with 0.01 s precision)
 * @param extensions result extensions, IRI to JSON-compatible value (String, Number, Boolean)
 */
public record Result(
    @Nullable Score score,
    @Nullable Boolean success,
    @Nullable Boolean completion,
    @Nullable Duration duration,
    Map<String, Object> extensions) {

  /** Freezes the extensions. */
  public Result {
    extensions = Map.copyOf(extensions);
  }

  /** A result with only {@code extensions}. */
  public static Result of(Map<String, Object> extensions) {
    return new Result(null, null, null, null, extensions);
  }

  /** This result with a score. */
  public Result withScore(@Nullable Score value) {
    return new Result(value, success, completion, duration, extensions);
  }

  /** This result with success. */
  public Result withSuccess(@Nullable Boolean value) {
    return new Result(score, value, completion, duration, extensions);
  }

  /** This result with completion. */
  public Result withCompletion(@Nullable Boolean value) {
    return new Result(score, success, value, duration, extensions);
  }

  /** This result with a duration. */
  public Result withDuration(@Nullable Duration value) {
    return new Result(score, success, completion, value, extensions);
  }

  /**
   * A score on LearnPulse's 0..100 scale.
   *
   * @param scaled raw / 100, in 0..1
   * @param raw raw score between min and max
   * @param min lowest possible raw score
   * @param max highest possible raw score
   */
  public record Score(double scaled, double raw, double min, double max) {

    /** Checks the xAPI constraints on a score. */
    public Score {
      if (scaled < -1 || scaled > 1) {
        throw new IllegalArgumentException("scaled score must be in -1..1: " + scaled);
      }
      if (raw < min || raw > max) {
        throw new IllegalArgumentException("raw score " + raw + " outside " + min + ".." + max);
      }
    }
  }
}

package io.learnpulse.xapi.statement;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome part of a statement.
 *
 * @param score the score, if there is one
 * @param success whether the attempt succeeded, if known
 * @param completion whether the activity is complete, if the statement says so
 * @param duration time taken, if known (written with 0.01 s precision)
 * @param extensions result extensions, IRI to JSON-compatible value (String, Number, Boolean)
 */
public record Result(
    Optional<Score> score,
    Optional<Boolean> success,
    Optional<Boolean> completion,
    Optional<Duration> duration,
    Map<String, Object> extensions) {

  /** Freezes the extensions. */
  public Result {
    extensions = Map.copyOf(extensions);
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

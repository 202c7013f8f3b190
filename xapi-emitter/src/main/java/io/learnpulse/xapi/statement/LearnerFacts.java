package io.learnpulse.xapi.statement;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the emitter knows about a registration beyond the event being mapped: facts that need
 * earlier events. Each is optional, and left out of the statement when unknown; never guessed.
 *
 * @param attempt number of this answer among the challenge's answers, from 1
 * @param hintsUsed distinct hints revealed in the challenge so far
 * @param duration time since the session (for session ends) or the registration (for topic results)
 *     began
 */
public record LearnerFacts(
    OptionalInt attempt, OptionalInt hintsUsed, Optional<Duration> duration) {

  /** Nothing known. */
  public static final LearnerFacts NONE =
      new LearnerFacts(OptionalInt.empty(), OptionalInt.empty(), Optional.empty());

  /** Facts of an answer. */
  public static LearnerFacts answer(int attempt, int hintsUsed) {
    return new LearnerFacts(OptionalInt.of(attempt), OptionalInt.of(hintsUsed), Optional.empty());
  }

  /** A duration. */
  public static LearnerFacts lasted(Duration duration) {
    return new LearnerFacts(OptionalInt.empty(), OptionalInt.empty(), Optional.of(duration));
  }
}

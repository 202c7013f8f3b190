package io.learnpulse.scoring.topology;

/**
 * What a processor of the topology forwards: a result for the next step, or the original bytes of a
 * record that goes to the dead-letter topic (with error headers on the record).
 *
 * @param <T> type of a result
 */
sealed interface Routed<T> {

  /** A result. */
  record Ok<T>(T value) implements Routed<T> {}

  /**
   * A record that cannot be processed, as it was read.
   *
   * @param original the record's value bytes
   * @param topic the dead-letter topic it goes to
   */
  record DeadLetter<T>(byte[] original, String topic) implements Routed<T> {}

  /** Whether this goes to the dead-letter topic. */
  default boolean deadLetter() {
    return this instanceof DeadLetter;
  }
}

package io.learnpulse.lmssync.health;

import java.time.Instant;
import java.util.List;

/**
 * Platform-wide figures of the pipeline (ADR 0028): numbers only — no key, payload or tenant of any
 * record — so every tenant's admins and analysts may see them.
 *
 * @param asOf when they were read from the brokers
 * @param error why they could not be read, or null
 * @param consumerGroups lag per consumer group of the platform
 * @param deadLetters records held per dead-letter topic of the catalog
 */
public record PipelineFigures(
    Instant asOf, String error, List<GroupLag> consumerGroups, List<DeadLetters> deadLetters) {

  /** Copies the lists. */
  public PipelineFigures {
    consumerGroups = List.copyOf(consumerGroups);
    deadLetters = List.copyOf(deadLetters);
  }

  /**
   * One consumer group.
   *
   * @param lag records behind the end of its partitions, summed (null when it has no offsets)
   * @param partitions partitions it has committed offsets for
   * @param state the group's state as the broker reports it
   */
  public record GroupLag(String group, Long lag, int partitions, String state) {}

  /**
   * One dead-letter topic.
   *
   * @param source the catalog topic it holds the poison records of
   * @param records records it holds (end offset minus start offset, all partitions); null when the
   *     topic does not exist
   */
  public record DeadLetters(String topic, String source, Long records) {}
}

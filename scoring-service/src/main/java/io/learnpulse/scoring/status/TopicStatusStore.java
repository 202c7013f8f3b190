package io.learnpulse.scoring.status;

import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.schemas.topics.Topics;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the last published topic status from this instance's status store: only registrations of
 * the partitions this instance hosts are found here ({@link StatusLocator} tells which instance
 * hosts a registration).
 */
public class TopicStatusStore {

  private final Supplier<ReadOnlyKeyValueStore<String, byte[]>> store;
  private final Deserializer<TopicStatus> statuses;

  /**
   * A reader of {@code store}.
   *
   * @param store the status store, looked up on every call (it moves with rebalances)
   * @param statuses reads the stored values
   */
  public TopicStatusStore(
      Supplier<ReadOnlyKeyValueStore<String, byte[]>> store, Deserializer<TopicStatus> statuses) {
    this.store = store;
    this.statuses = statuses;
  }

  /**
   * The status of {@code topicId} of {@code registrationId}, if any was published.
   *
   * @throws org.apache.kafka.streams.errors.InvalidStateStoreException when the store cannot be
   *     queried now (starting, rebalancing)
   */
  public Optional<TopicStatus> find(String registrationId, String topicId) {
    byte[] stored = store.get().get(Topics.topicStatusKey(registrationId, topicId));
    return Optional.ofNullable(stored)
        .map(bytes -> statuses.deserialize(Topics.TOPIC_STATUS.name(), bytes));
  }
}

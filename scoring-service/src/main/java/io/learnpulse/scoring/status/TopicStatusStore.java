package io.learnpulse.scoring.status;

import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.scoring.topology.TopicStatusReader;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads a registration's last published topic status from this instance's stores: computed from the
 * registration and policy stores of the task hosting the registration ({@link TopicStatusReader},
 * ADR 38). Only registrations of the partitions this instance hosts are found here ({@link
 * StatusLocator} tells which instance hosts a registration).
 */
public class TopicStatusStore {

  /**
   * The stores of the task that hosts a registration.
   *
   * @param registrations its registration store
   * @param policies its policy store
   */
  public record TaskStores(
      ReadOnlyKeyValueStore<String, byte[]> registrations,
      ReadOnlyKeyValueStore<String, byte[]> policies) {}

  private final Function<String, TaskStores> stores;
  private final TopicStatusReader reader;

  /**
   * A reader of {@code stores}.
   *
   * @param stores the stores of the task hosting a registration id, looked up on every call (they
   *     move with rebalances)
   * @param reader computes the status from them
   */
  public TopicStatusStore(Function<String, TaskStores> stores, TopicStatusReader reader) {
    this.stores = stores;
    this.reader = reader;
  }

  /**
   * The status of {@code topicId} of {@code registrationId}, if one was published.
   *
   * @throws org.apache.kafka.streams.errors.InvalidStateStoreException when the stores cannot be
   *     queried now (starting, rebalancing)
   */
  public Optional<TopicStatus> find(String registrationId, String topicId) {
    TaskStores task = stores.apply(registrationId);
    return reader.find(task.registrations(), task.policies(), registrationId, topicId);
  }
}

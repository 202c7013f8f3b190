package io.learnpulse.scoring.topology;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Sends each record to every partition (multicast, KIP-837): each activity partition holds the
 * registrations that a policy change must recompute, so each must see every policy.
 */
final class BroadcastPartitioner<K, V> implements StreamPartitioner<K, V> {

  @Override
  public Optional<Set<Integer>> partitions(String topic, K key, V value, int numPartitions) {
    return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
  }
}

package io.learnpulse.scoring.status;

import io.learnpulse.scoring.streams.StreamsHost;
import io.learnpulse.scoring.topology.ScoringTopology;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.HostInfo;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * Locates a registration with Kafka Streams' metadata: the registration store lives with the
 * registration's activity partition, so the registration id (the activity key, serialized as
 * producers do) names the partition, and {@code queryMetadataForKey} the instance hosting it.
 */
final class KafkaStreamsStatusLocator implements StatusLocator {

  private static final StringSerializer KEYS = new StringSerializer();

  private final StreamsBuilderFactoryBean factory;
  private final StreamsHost host;

  KafkaStreamsStatusLocator(StreamsBuilderFactoryBean factory, StreamsHost host) {
    this.factory = factory;
    this.host = host;
  }

  @Override
  public String self() {
    return host.self().map(StreamsHost::format).orElse("");
  }

  @Override
  public Location locate(String registrationId) {
    KafkaStreams streams = factory.getKafkaStreams();
    Optional<HostInfo> self = host.self();
    if (streams == null || self.isEmpty()) {
      return new Unknown("Kafka Streams is not started");
    }
    KeyQueryMetadata metadata;
    try {
      metadata =
          streams.queryMetadataForKey(ScoringTopology.REGISTRATION_STORE, registrationId, KEYS);
    } catch (StreamsException | IllegalStateException e) {
      return new Unknown("Kafka Streams cannot locate the registration now: " + e.getMessage());
    }
    if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
      return new Unknown("no instance hosts the registration's partition now (rebalancing)");
    }
    return metadata.activeHost().equals(self.get())
        ? new Here()
        : new There(metadata.activeHost().host(), metadata.activeHost().port());
  }
}

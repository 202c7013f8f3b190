package io.learnpulse.scoring.status;

import io.learnpulse.scoring.ScoringProperties;
import io.learnpulse.scoring.streams.StreamsHost;
import io.learnpulse.scoring.topology.ScoringSerdes;
import io.learnpulse.scoring.topology.ScoringTopology;
import io.learnpulse.scoring.topology.TopicStatusReader;
import java.time.Duration;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsNotStartedException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

/**
 * Wires the status query to the running Kafka Streams' registration and policy stores and to the
 * other instances.
 */
@Configuration(proxyBeanMethods = false)
public class TopicStatusConfiguration {

  private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(5);
  private static final StringSerializer KEYS = new StringSerializer();

  @Bean
  TopicStatusStore topicStatusStore(
      StreamsBuilderFactoryBean factory, ScoringSerdes serdes, ScoringProperties scoring) {
    return new TopicStatusStore(
        registrationId -> {
          KafkaStreams streams = factory.getKafkaStreams();
          if (streams == null) {
            throw new StreamsNotStartedException("Kafka Streams is not started");
          }
          // the policy store of the registration's own task: each task applies a new policy
          // version when its partition reaches it
          KeyQueryMetadata metadata =
              streams.queryMetadataForKey(ScoringTopology.REGISTRATION_STORE, registrationId, KEYS);
          if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
            throw new InvalidStateStoreException("the registration's partition is not hosted now");
          }
          return new TopicStatusStore.TaskStores(
              store(streams, ScoringTopology.REGISTRATION_STORE, metadata.partition()),
              store(streams, ScoringTopology.POLICY_STORE, metadata.partition()));
        },
        new TopicStatusReader(serdes, scoring.limits().toStateLimits()));
  }

  private static ReadOnlyKeyValueStore<String, byte[]> store(
      KafkaStreams streams, String name, int partition) {
    return streams.store(
        StoreQueryParameters.fromNameAndType(
                name, QueryableStoreTypes.<String, byte[]>keyValueStore())
            .withPartition(partition));
  }

  @Bean
  StatusLocator statusLocator(StreamsBuilderFactoryBean factory, StreamsHost host) {
    return new KafkaStreamsStatusLocator(factory, host);
  }

  /** Verifies the bearer tokens of status queries. */
  @Bean
  StatusAuthenticator statusAuthenticator(ScoringProperties scoring) {
    return new StatusAuthenticator(scoring.statusAuth());
  }

  /** The client that forwards status queries to the instance hosting the registration. */
  @Bean
  WebClient scoringInstances() {
    return WebClient.builder()
        .clientConnector(
            new ReactorClientHttpConnector(HttpClient.create().responseTimeout(FORWARD_TIMEOUT)))
        .build();
  }
}

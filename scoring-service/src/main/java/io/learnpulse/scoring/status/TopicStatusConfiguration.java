package io.learnpulse.scoring.status;

import io.learnpulse.scoring.topology.ScoringSerdes;
import io.learnpulse.scoring.topology.ScoringTopology;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.StreamsNotStartedException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/** Wires the status query to the running Kafka Streams' status store. */
@Configuration(proxyBeanMethods = false)
public class TopicStatusConfiguration {

  @Bean
  TopicStatusStore topicStatusStore(StreamsBuilderFactoryBean factory, ScoringSerdes serdes) {
    return new TopicStatusStore(
        () -> {
          KafkaStreams streams = factory.getKafkaStreams();
          if (streams == null) {
            throw new StreamsNotStartedException("Kafka Streams is not started");
          }
          return streams.store(
              StoreQueryParameters.fromNameAndType(
                  ScoringTopology.STATUS_STORE,
                  QueryableStoreTypes.<String, byte[]>keyValueStore()));
        },
        serdes.topicStatus().deserializer());
  }
}

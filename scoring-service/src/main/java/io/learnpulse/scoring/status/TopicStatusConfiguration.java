package io.learnpulse.scoring.status;

import io.learnpulse.scoring.ScoringProperties;
import io.learnpulse.scoring.streams.StreamsHost;
import io.learnpulse.scoring.topology.ScoringSerdes;
import io.learnpulse.scoring.topology.ScoringTopology;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.StreamsNotStartedException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

/** Wires the status query to the running Kafka Streams' status store and to the other instances. */
@Configuration(proxyBeanMethods = false)
public class TopicStatusConfiguration {

  private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(5);

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

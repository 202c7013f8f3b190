package io.learnpulse.scoring.streams;

import io.learnpulse.schemas.registry.SchemaRegistryUnavailableException;
import io.learnpulse.schemas.serde.AvroSerdeConfig;
import io.learnpulse.scoring.ScoringProperties;
import io.learnpulse.scoring.topology.ScoringMetrics;
import io.learnpulse.scoring.topology.ScoringSerdes;
import io.learnpulse.scoring.topology.ScoringTopology;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.annotation.KafkaStreamsDefaultConfiguration;
import org.springframework.kafka.config.KafkaStreamsConfiguration;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;

/**
 * Runs {@link ScoringTopology} on spring-kafka's {@code StreamsBuilderFactoryBean}: client settings
 * from {@code spring.kafka.*}, Streams settings from {@link ScoringProperties}. Kafka Streams
 * starts once the web server listens, so that its {@code application.server} carries the actual
 * port (which may be picked at start-up) and every instance can forward status queries to the
 * others.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
public class ScoringStreamsConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ScoringStreamsConfiguration.class);

  /** The Streams configuration spring-kafka's factory bean starts KafkaStreams with. */
  @Bean(name = KafkaStreamsDefaultConfiguration.DEFAULT_STREAMS_CONFIG_BEAN_NAME)
  KafkaStreamsConfiguration scoringStreamsConfig(KafkaProperties kafka, ScoringProperties scoring) {
    Map<String, Object> config = kafka.buildStreamsProperties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, scoring.applicationId());
    config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, scoring.commitInterval().toMillis());
    config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, scoring.processingGuarantee().config());
    config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, scoring.streamThreads());
    config.put(StreamsConfig.STATE_DIR_CONFIG, scoring.stateDir().toAbsolutePath().toString());
    return new KafkaStreamsConfiguration(config);
  }

  /** This instance's {@code application.server}, set when the web server is up. */
  @Bean
  StreamsHost streamsHost() {
    return new StreamsHost();
  }

  /**
   * Kafka Streams is started by {@link #startStreamsOnceTheWebServerListens}, not by the context.
   */
  @Bean
  StreamsBuilderFactoryBeanConfigurer scoringStreamsStartWithTheWebServer() {
    return factory -> factory.setAutoStartup(false);
  }

  /**
   * Sets {@code application.server} to the advertised host and the web server's port, then starts
   * Kafka Streams. (The context still stops it on shutdown, as any running lifecycle bean.)
   */
  @Bean
  ApplicationListener<WebServerInitializedEvent> startStreamsOnceTheWebServerListens(
      StreamsBuilderFactoryBean factory, ScoringProperties scoring, StreamsHost host) {
    return event -> {
      if (event.getApplicationContext().getServerNamespace() != null) {
        return; // a separate management server
      }
      HostInfo self = new HostInfo(scoring.advertisedHost(), event.getWebServer().getPort());
      Properties config = factory.getStreamsConfiguration();
      config.put(StreamsConfig.APPLICATION_SERVER_CONFIG, StreamsHost.format(self));
      factory.setStreamsConfiguration(config);
      host.set(self);
      log.info("Starting Kafka Streams as {}", StreamsHost.format(self));
      factory.start();
    };
  }

  /** The value serdes, on the configured schema registry. */
  @Bean
  ScoringSerdes scoringSerdes(ScoringProperties scoring) {
    return ScoringSerdes.registry(
        Map.of(
            AvroSerdeConfig.SCHEMA_REGISTRY_URL, scoring.schemaRegistryUrl(),
            AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, scoring.autoRegisterSchemas()));
  }

  /** The scoring topology, added to the factory bean's builder. */
  @Bean
  ScoringTopology scoringTopology(
      StreamsBuilder builder,
      ScoringSerdes serdes,
      MeterRegistry meterRegistry,
      ScoringProperties scoring) {
    ScoringTopology topology =
        new ScoringTopology(
            serdes, new ScoringMetrics(meterRegistry), scoring.limits().toStateLimits());
    topology.build(builder);
    return topology;
  }

  /**
   * A stream thread that failed because the schema registry was unreachable is replaced, so the
   * record is retried; any other failure stops the client (readiness goes down).
   */
  @Bean
  StreamsBuilderFactoryBeanConfigurer scoringUncaughtExceptionHandler() {
    return factory ->
        factory.setStreamsUncaughtExceptionHandler(
            error -> {
              for (Throwable t = error; t != null; t = t.getCause()) {
                if (t instanceof SchemaRegistryUnavailableException) {
                  log.warn("Schema registry unreachable; replacing the stream thread", error);
                  return StreamThreadExceptionResponse.REPLACE_THREAD;
                }
              }
              log.error("Stream thread failed; stopping Kafka Streams", error);
              return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
  }
}

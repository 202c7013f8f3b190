package io.learnpulse.scoring.streams;

import io.learnpulse.schemas.registry.SchemaRegistryUnavailableException;
import io.learnpulse.schemas.serde.AvroSerdeConfig;
import io.learnpulse.scoring.ScoringProperties;
import io.learnpulse.scoring.topology.ScoringMetrics;
import io.learnpulse.scoring.topology.ScoringSerdes;
import io.learnpulse.scoring.topology.ScoringTopology;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.annotation.KafkaStreamsDefaultConfiguration;
import org.springframework.kafka.config.KafkaStreamsConfiguration;
import org.springframework.kafka.config.StreamsBuilderFactoryBeanConfigurer;

/**
 * Runs {@link ScoringTopology} on spring-kafka's {@code StreamsBuilderFactoryBean}: client settings
 * from {@code spring.kafka.*}, Streams settings from {@link ScoringProperties}.
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
    config.put(StreamsConfig.STATE_DIR_CONFIG, scoring.stateDir().toAbsolutePath().toString());
    return new KafkaStreamsConfiguration(config);
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
      StreamsBuilder builder, ScoringSerdes serdes, MeterRegistry meterRegistry) {
    ScoringTopology topology = new ScoringTopology(serdes, new ScoringMetrics(meterRegistry));
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

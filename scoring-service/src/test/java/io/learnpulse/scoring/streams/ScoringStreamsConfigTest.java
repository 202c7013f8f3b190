package io.learnpulse.scoring.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.scoring.ScoringProperties;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** What the scoring settings become in the configuration Kafka Streams starts with. */
class ScoringStreamsConfigTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(ScoringProperties.class)
  static class Properties {}

  private final ApplicationContextRunner context =
      new ApplicationContextRunner()
          .withUserConfiguration(Properties.class)
          .withPropertyValues(
              "learnpulse.scoring.schema-registry-url=http://registry.example:8081",
              "learnpulse.scoring.advertised-host=10.0.0.7");

  @Test
  void runsTwoExactlyOnceStreamThreadsByDefault() {
    context.run(
        c -> {
          var config = streamsConfig(c.getBean(ScoringProperties.class));
          assertThat(config.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo(2);
          assertThat(config.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
              .isEqualTo("exactly_once_v2");
          assertThat(config.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(100L);
        });
  }

  @Test
  void takesTheConfiguredThreadCount() {
    context
        .withPropertyValues("learnpulse.scoring.stream-threads=1")
        .run(
            c ->
                assertThat(
                        streamsConfig(c.getBean(ScoringProperties.class))
                            .get(StreamsConfig.NUM_STREAM_THREADS_CONFIG))
                    .isEqualTo(1));
  }

  @Test
  void refusesZeroThreads() {
    context
        .withPropertyValues("learnpulse.scoring.stream-threads=0")
        .run(
            c ->
                assertThat(c.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("streamThreads"));
  }

  private static Map<String, Object> streamsConfig(ScoringProperties scoring) {
    return new ScoringStreamsConfiguration()
        .scoringStreamsConfig(new KafkaProperties(), scoring).asProperties().entrySet().stream()
            .collect(Collectors.toMap(e -> String.valueOf(e.getKey()), e -> e.getValue()));
  }
}

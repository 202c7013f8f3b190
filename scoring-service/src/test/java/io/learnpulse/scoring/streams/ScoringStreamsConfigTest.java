package io.learnpulse.scoring.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.scoring.ScoringProperties;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * What the scoring settings become in the configuration Kafka Streams starts with (binding and
 * validation of the settings themselves: {@code ScoringPropertiesTest}).
 */
class ScoringStreamsConfigTest {

  @Test
  void runsTwoExactlyOnceStreamThreadsByDefault() {
    Map<Object, Object> config = streamsConfig(Map.of());

    assertThat(config.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo(2);
    assertThat(config.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
    assertThat(config.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(100L);
  }

  @Test
  void takesTheConfiguredThreadCount() {
    assertThat(
            streamsConfig(Map.of("learnpulse.scoring.stream-threads", "1"))
                .get(StreamsConfig.NUM_STREAM_THREADS_CONFIG))
        .isEqualTo(1);
  }

  private static Map<Object, Object> streamsConfig(Map<String, String> settings) {
    Map<String, String> all = new HashMap<>(settings);
    all.put("learnpulse.scoring.schema-registry-url", "http://registry.example:8081");
    all.put("learnpulse.scoring.advertised-host", "10.0.0.7");
    ScoringProperties scoring =
        new Binder(new MapConfigurationPropertySource(all))
            .bindOrCreate("learnpulse.scoring", ScoringProperties.class);
    return new ScoringStreamsConfiguration()
        .scoringStreamsConfig(new KafkaProperties(), scoring)
        .asProperties();
  }
}

package io.learnpulse.scoring.streams;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.stereotype.Component;

/**
 * Kafka Streams state as health (contributor {@code kafkaStreams}, part of the readiness group): up
 * while running or rebalancing, down before it runs and once it stopped or failed.
 */
@Component
public class KafkaStreamsHealthIndicator implements HealthIndicator {

  private final StreamsBuilderFactoryBean factory;

  /** Watches the streams of {@code factory}. */
  public KafkaStreamsHealthIndicator(StreamsBuilderFactoryBean factory) {
    this.factory = factory;
  }

  @Override
  public Health health() {
    KafkaStreams streams = factory.getKafkaStreams();
    return health(streams == null ? null : streams.state());
  }

  /** The health of a Streams state ({@code null}: not created yet). */
  static Health health(KafkaStreams.State state) {
    if (state == null) {
      return Health.down().withDetail("state", "NOT_CREATED").build();
    }
    Health.Builder builder =
        switch (state) {
          case RUNNING -> Health.up();
          case CREATED, REBALANCING -> Health.outOfService();
          default -> Health.down();
        };
    return builder.withDetail("state", state.name()).build();
  }
}

package io.learnpulse.lmssync.kafka;

import io.learnpulse.lmssync.LmsSyncProperties;
import java.time.Clock;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The consumer error policy: a failing record is retried with back-off (about 10 s in all), then
 * published to {@code <topic>.dlt} on the same partition with the error headers; records that
 * cannot be deserialized ({@code ErrorHandlingDeserializer}) go there at once, with their original
 * bytes.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

  @Bean
  CommonErrorHandler kafkaErrorHandler(KafkaTemplate<Object, Object> template) {
    DeadLetterPublishingRecoverer recoverer =
        new DeadLetterPublishingRecoverer(
            template,
            (record, e) -> new TopicPartition(record.topic() + ".dlt", record.partition()));
    ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
    backOff.setMaxElapsedTime(10_000);
    return new DefaultErrorHandler(recoverer, backOff);
  }

  /** Topic names for {@code @KafkaListener} expressions. */
  @Bean
  LmsSyncProperties.TopicNames lmsSyncTopics(LmsSyncProperties properties) {
    return properties.topics();
  }

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}

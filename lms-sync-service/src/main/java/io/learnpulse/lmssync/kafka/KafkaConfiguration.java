package io.learnpulse.lmssync.kafka;

import io.learnpulse.lmssync.LmsSyncProperties;
import io.learnpulse.schemas.topics.TopicSpec;
import io.learnpulse.schemas.topics.Topics;
import io.learnpulse.schemas.wire.DeadLetterHeaders;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The consumer error policy: a failing record is retried with back-off (about 10 s in all), then
 * published to its catalog dead-letter topic ({@link TopicSpec#deadLetterTopic}) on the same
 * partition with the shared dead-letter headers ({@link DeadLetterHeaders}: spring-kafka's origin
 * headers, the exception's class, cause class and bounded message, never a stack trace); records
 * that cannot be deserialized ({@code ErrorHandlingDeserializer}) go there at once, with their
 * original bytes, and so do records that break the event limits ({@link PoisonRecordException}).
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

  @Bean
  CommonErrorHandler kafkaErrorHandler(
      KafkaTemplate<Object, Object> template, LmsSyncProperties properties) {
    Map<String, String> deadLetterTopics = deadLetterTopics(properties.topics());
    DeadLetterPublishingRecoverer recoverer =
        new DeadLetterPublishingRecoverer(
            template,
            (record, e) ->
                new TopicPartition(
                    deadLetterTopic(deadLetterTopics, record.topic()), record.partition()));
    recoverer.excludeHeader(HeadersToAdd.EX_STACKTRACE);
    recoverer.setExceptionHeadersCreator(
        (headers, exception, isKey, names) ->
            DeadLetterHeaders.writeException(headers, rootOf(exception)));
    ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
    backOff.setMaxElapsedTime(10_000);
    DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
    // A record that breaks the event limits fails the same way every time; retrying it would
    // only hold up the records (and tenants) behind it on the partition.
    handler.addNotRetryableExceptions(PoisonRecordException.class);
    return handler;
  }

  /** Configured topic name → the dead-letter topic of the catalog topic it stands for. */
  static Map<String, String> deadLetterTopics(LmsSyncProperties.TopicNames topics) {
    Map<String, String> byName = new HashMap<>();
    byName.put(topics.activity(), Topics.ACTIVITY.deadLetterTopic().orElseThrow());
    byName.put(topics.heartbeat(), Topics.HEARTBEAT.deadLetterTopic().orElseThrow());
    byName.put(topics.topicStatus(), Topics.TOPIC_STATUS.deadLetterTopic().orElseThrow());
    byName.put(topics.assignment(), Topics.ASSIGNMENT.deadLetterTopic().orElseThrow());
    byName.put(topics.scormCommit(), Topics.SCORM_COMMIT.deadLetterTopic().orElseThrow());
    return Map.copyOf(byName);
  }

  private static String deadLetterTopic(Map<String, String> deadLetterTopics, String topic) {
    String configured = deadLetterTopics.get(topic);
    return configured != null ? configured : Topics.deadLetterTopicOf(topic);
  }

  /**
   * The exception that says what went wrong with the record, not spring-kafka's wrappers around it
   * (a listener that threw, a batch listener that named the failed record).
   */
  static Throwable rootOf(Throwable exception) {
    Throwable error = exception;
    while ((error instanceof ListenerExecutionFailedException
            || error instanceof BatchListenerFailedException)
        && error.getCause() != null) {
      error = error.getCause();
    }
    return error;
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

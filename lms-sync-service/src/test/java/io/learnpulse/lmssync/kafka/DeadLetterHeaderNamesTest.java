package io.learnpulse.lmssync.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.lmssync.LmsSyncProperties;
import io.learnpulse.schemas.topics.Topics;
import io.learnpulse.schemas.wire.DeadLetterHeaders;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * {@code schemas} names the dead-letter headers without depending on spring-kafka; this module has
 * spring-kafka, so this is where the names are held to {@code KafkaHeaders.DLT_*}.
 */
class DeadLetterHeaderNamesTest {

  @Test
  void theSharedNamesAreSpringKafkasDeadLetterHeaders() {
    assertThat(DeadLetterHeaders.ORIGINAL_TOPIC).isEqualTo(KafkaHeaders.DLT_ORIGINAL_TOPIC);
    assertThat(DeadLetterHeaders.ORIGINAL_PARTITION).isEqualTo(KafkaHeaders.DLT_ORIGINAL_PARTITION);
    assertThat(DeadLetterHeaders.ORIGINAL_OFFSET).isEqualTo(KafkaHeaders.DLT_ORIGINAL_OFFSET);
    assertThat(DeadLetterHeaders.ORIGINAL_TIMESTAMP).isEqualTo(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP);
    assertThat(DeadLetterHeaders.ORIGINAL_TIMESTAMP_TYPE)
        .isEqualTo(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP_TYPE);
    assertThat(DeadLetterHeaders.ORIGINAL_CONSUMER_GROUP)
        .isEqualTo(KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP);
    assertThat(DeadLetterHeaders.EXCEPTION_FQCN).isEqualTo(KafkaHeaders.DLT_EXCEPTION_FQCN);
    assertThat(DeadLetterHeaders.EXCEPTION_CAUSE_FQCN)
        .isEqualTo(KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN);
    assertThat(DeadLetterHeaders.EXCEPTION_MESSAGE).isEqualTo(KafkaHeaders.DLT_EXCEPTION_MESSAGE);
    assertThat(DeadLetterHeaders.EXCEPTION_STACKTRACE)
        .isEqualTo(KafkaHeaders.DLT_EXCEPTION_STACKTRACE);
    assertThat(DeadLetterHeaders.PREFIX).isEqualTo(KafkaHeaders.PREFIX + "dlt-");
  }

  @Test
  void everyConsumedTopicDeadLettersToItsCatalogDeadLetterTopic() {
    LmsSyncProperties.TopicNames defaults =
        new LmsSyncProperties.TopicNames(null, null, null, null, null, null);

    assertThat(KafkaConfiguration.deadLetterTopics(defaults))
        .containsEntry(Topics.HEARTBEAT.name(), Topics.HEARTBEAT.deadLetterTopic().orElseThrow())
        .containsEntry(
            Topics.TOPIC_STATUS.name(), Topics.TOPIC_STATUS.deadLetterTopic().orElseThrow())
        .containsEntry(Topics.ACTIVITY.name(), Topics.ACTIVITY.deadLetterTopic().orElseThrow());
  }

  @Test
  void theRecordedExceptionIsTheOneInsideSpringKafkasWrappers() {
    IOException cause = new IOException("eof");
    Exception wrapped =
        new ListenerExecutionFailedException(
            "listener failed", new BatchListenerFailedException("heartbeat", cause, 3));

    assertThat(KafkaConfiguration.rootOf(wrapped)).isSameAs(cause);
    assertThat(KafkaConfiguration.rootOf(cause)).isSameAs(cause);
  }
}

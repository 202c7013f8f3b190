package io.learnpulse.scoring.topology;

import io.learnpulse.schemas.registry.SchemaRegistryUnavailableException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Builds dead-letter records: the original bytes and headers plus error headers named as
 * spring-kafka's {@code DeadLetterPublishingRecoverer} names them, so the same tooling reads the
 * dead-letter topics of every LearnPulse service.
 */
public final class DeadLetters {

  /** Source topic of the failed record. */
  public static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";

  /** Source partition (4-byte big-endian int). */
  public static final String ORIGINAL_PARTITION = "kafka_dlt-original-partition";

  /** Source offset (8-byte big-endian long). */
  public static final String ORIGINAL_OFFSET = "kafka_dlt-original-offset";

  /** Source timestamp (8-byte big-endian long). */
  public static final String ORIGINAL_TIMESTAMP = "kafka_dlt-original-timestamp";

  /** Class of the exception. */
  public static final String EXCEPTION_FQCN = "kafka_dlt-exception-fqcn";

  /** Class of the exception's cause, if any. */
  public static final String EXCEPTION_CAUSE_FQCN = "kafka_dlt-exception-cause-fqcn";

  /** Message of the exception. */
  public static final String EXCEPTION_MESSAGE = "kafka_dlt-exception-message";

  private DeadLetters() {}

  /**
   * The dead-letter record of {@code record}, which failed with {@code error}.
   *
   * @param deadLetterTopic where it goes
   */
  static <K, T> Record<K, Routed<T>> of(
      Record<K, ?> record,
      byte[] original,
      RuntimeException error,
      ProcessorContext<?, ?> context,
      String deadLetterTopic) {
    Headers headers = new RecordHeaders(record.headers().toArray());
    context
        .recordMetadata()
        .ifPresent(
            (RecordMetadata source) -> {
              headers.add(ORIGINAL_TOPIC, utf8(source.topic()));
              headers.add(
                  ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(source.partition()).array());
              headers.add(ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(source.offset()).array());
            });
    headers.add(ORIGINAL_TIMESTAMP, ByteBuffer.allocate(8).putLong(record.timestamp()).array());
    headers.add(EXCEPTION_FQCN, utf8(error.getClass().getName()));
    if (error.getCause() != null) {
      headers.add(EXCEPTION_CAUSE_FQCN, utf8(error.getCause().getClass().getName()));
    }
    headers.add(EXCEPTION_MESSAGE, utf8(String.valueOf(error.getMessage())));
    return new Record<>(
        record.key(),
        new Routed.DeadLetter<>(original, deadLetterTopic),
        record.timestamp(),
        headers);
  }

  /** The meter tag of why {@code error} sent a record to a dead-letter topic. */
  static ScoringMetrics.DeadLetterCause cause(RuntimeException error) {
    if (error instanceof SerializationException) {
      return ScoringMetrics.DeadLetterCause.UNREADABLE;
    }
    if (error instanceof RejectedRecordException) {
      return ScoringMetrics.DeadLetterCause.INVALID;
    }
    return ScoringMetrics.DeadLetterCause.PROCESSING_FAILURE;
  }

  /**
   * Rethrows {@code error} when it is Kafka Streams' own (a store or the producer failed, the task
   * migrated, the producer was fenced): those are never the record's fault, and under exactly-once
   * the task must fail and be retried from its last commit. Serialization failures are the
   * record's.
   */
  static void rethrowIfInfrastructure(RuntimeException error) {
    if (error instanceof KafkaException && !(error instanceof SerializationException)) {
      throw error;
    }
    rethrowIfTransient(error);
  }

  /**
   * Rethrows {@code error} when it was caused by an unreachable schema registry: the record is not
   * at fault, so the task must fail and retry rather than dead-letter it.
   */
  static void rethrowIfTransient(RuntimeException error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SchemaRegistryUnavailableException) {
        throw error;
      }
    }
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}

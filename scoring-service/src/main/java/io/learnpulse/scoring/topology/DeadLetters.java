package io.learnpulse.scoring.topology;

import io.learnpulse.schemas.registry.SchemaRegistryUnavailableException;
import io.learnpulse.schemas.wire.DeadLetterHeaders;
import java.util.Optional;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Builds dead-letter records: the original bytes and headers plus the shared dead-letter headers
 * ({@link DeadLetterHeaders}: spring-kafka's {@code kafka_dlt-*} names, bounded message, no stack
 * trace), so the same tooling reads the dead-letter topics of every LearnPulse service.
 */
public final class DeadLetters {

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
    Optional<RecordMetadata> source = context.recordMetadata();
    if (source.isPresent()) {
      // Kafka Streams does not expose the source's timestamp type; the catalog's topics keep the
      // producer's time (CreateTime)
      DeadLetterHeaders.write(
          headers,
          new DeadLetterHeaders.Origin(
              source.get().topic(),
              source.get().partition(),
              source.get().offset(),
              record.timestamp(),
              TimestampType.CREATE_TIME,
              context.applicationId()),
          error);
    } else {
      DeadLetterHeaders.writeException(headers, error);
    }
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
}

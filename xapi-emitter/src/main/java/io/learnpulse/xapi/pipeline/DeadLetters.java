package io.learnpulse.xapi.pipeline;

import io.learnpulse.schemas.topics.Topics;
import io.learnpulse.schemas.wire.DeadLetterHeaders;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes a record the emitter cannot turn into accepted statements to its catalog dead-letter topic
 * ({@code <topic>.dlt}), same partition, with its original key, value and headers plus the shared
 * dead-letter headers ({@link DeadLetterHeaders}): where it came from, and the exception that sent
 * it there — the deserializer's, the mapper's, or a {@link StatementsRejectedException} carrying
 * each refused statement's kind, id, HTTP status and the LRS's answer (bounded). No stack trace.
 */
public final class DeadLetters {

  private final Producer<String, byte[]> producer;
  private final String consumerGroup;

  /**
   * Dead letters written with {@code producer}.
   *
   * @param consumerGroup the emitter's consumer group, recorded in each dead letter
   */
  public DeadLetters(Producer<String, byte[]> producer, String consumerGroup) {
    this.producer = producer;
    this.consumerGroup = consumerGroup;
  }

  /**
   * The dead-letter topic of a catalog source topic. A record read from a dead-letter topic whose
   * origin is not recorded (written before the shared headers) goes back to that topic.
   */
  public static String deadLetterTopic(String source) {
    return Topics.deadLetterSource(source).isPresent() ? source : Topics.deadLetterTopicOf(source);
  }

  /** Publishes; the future completes when Kafka acknowledged. */
  public CompletableFuture<Void> publish(ConsumerRecord<String, byte[]> record, Throwable error) {
    ProducerRecord<String, byte[]> letter =
        new ProducerRecord<>(
            deadLetterTopic(record.topic()),
            record.partition(),
            record.key(),
            record.value(),
            DeadLetterHeaders.write(
                new RecordHeaders(record.headers().toArray()),
                DeadLetterHeaders.Origin.of(record, consumerGroup),
                error));
    CompletableFuture<Void> done = new CompletableFuture<>();
    producer.send(
        letter,
        (metadata, failure) -> {
          if (failure == null) {
            done.complete(null);
          } else {
            done.completeExceptionally(failure);
          }
        });
    return done;
  }
}

package io.learnpulse.xapi.pipeline;

import io.learnpulse.schemas.topics.TopicSpec;
import io.learnpulse.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Writes a record the emitter cannot turn into accepted statements to {@code <topic>.dlt}, same
 * partition, with its original key, value and headers, plus headers saying why:
 *
 * <ul>
 *   <li>{@value #STAGE}: {@code deserialization}, {@code mapping} or {@code lrs-rejected};
 *   <li>{@value #REASON}: the error, or each refused statement's kind, id, HTTP status and the
 *       LRS's answer;
 *   <li>{@value #TENANT}, {@value #ORIGINAL_TOPIC}, {@value #ORIGINAL_PARTITION}, {@value
 *       #ORIGINAL_OFFSET} (text).
 * </ul>
 */
public final class DeadLetters {

  /** Header: the stage that failed. */
  public static final String STAGE = "xapi_dlt_stage";

  /** Header: why. */
  public static final String REASON = "xapi_dlt_reason";

  /** Header: tenant, when known. */
  public static final String TENANT = "xapi_dlt_tenant";

  /** Header: source topic. */
  public static final String ORIGINAL_TOPIC = "xapi_dlt_original_topic";

  /** Header: source partition. */
  public static final String ORIGINAL_PARTITION = "xapi_dlt_original_partition";

  /** Header: source offset. */
  public static final String ORIGINAL_OFFSET = "xapi_dlt_original_offset";

  private final Producer<String, byte[]> producer;

  /** Dead letters written with {@code producer}. */
  public DeadLetters(Producer<String, byte[]> producer) {
    this.producer = producer;
  }

  /** The dead-letter topic of a source topic. */
  public static String deadLetterTopic(String source) {
    return Topics.ALL.stream()
        .filter(t -> t.name().equals(source))
        .findFirst()
        .flatMap(TopicSpec::deadLetterTopic)
        .orElse(source + ".dlt");
  }

  /** Publishes; the future completes when Kafka acknowledged. */
  public CompletableFuture<Void> publish(
      ConsumerRecord<String, byte[]> record, String stage, String tenant, String reason) {
    ProducerRecord<String, byte[]> letter =
        new ProducerRecord<>(
            deadLetterTopic(record.topic()), record.partition(), record.key(), record.value());
    for (Header h : record.headers()) {
      if (!h.key().startsWith("xapi_dlt_")) {
        letter.headers().add(h);
      }
    }
    letter.headers().add(STAGE, bytes(stage));
    letter
        .headers()
        .add(REASON, bytes(reason.length() > 16_000 ? reason.substring(0, 16_000) : reason));
    letter.headers().add(TENANT, bytes(tenant));
    letter.headers().add(ORIGINAL_TOPIC, bytes(record.topic()));
    letter.headers().add(ORIGINAL_PARTITION, bytes(Integer.toString(record.partition())));
    letter.headers().add(ORIGINAL_OFFSET, bytes(Long.toString(record.offset())));
    CompletableFuture<Void> done = new CompletableFuture<>();
    producer.send(
        letter,
        (metadata, error) -> {
          if (error == null) {
            done.complete(null);
          } else {
            done.completeExceptionally(error);
          }
        });
    return done;
  }

  /** A header's text value, if present. */
  public static String header(ConsumerRecord<?, ?> record, String key) {
    Header h = record.headers().lastHeader(key);
    return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

package io.learnpulse.schemas.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.record.TimestampType;

/**
 * The headers every LearnPulse dead-letter record carries, whichever service wrote it: the names
 * and encodings of spring-kafka's {@code KafkaHeaders.DLT_*} (so spring-kafka's tooling and ours
 * read each other's dead letters), restricted to what an operator needs: where the record came from
 * and which exception sent it there, with the message cut to {@value #MAX_MESSAGE_CHARS}
 * characters. No stack trace is ever written ({@value #EXCEPTION_STACKTRACE} is named here only so
 * tests can assert its absence): it leaks internals to every reader of the topic and can be larger
 * than the record.
 *
 * <p>Encodings (as spring-kafka's {@code DeadLetterPublishingRecoverer}): topic, consumer group,
 * timestamp type, class names and message as UTF-8; partition as a 4-byte big-endian int; offset
 * and timestamp as 8-byte big-endian longs. This module does not depend on spring-kafka; a test of
 * lms-sync-service asserts the names equal {@code KafkaHeaders.DLT_*}.
 */
public final class DeadLetterHeaders {

  /** Prefix of every dead-letter header. */
  public static final String PREFIX = "kafka_dlt-";

  /** Source topic of the failed record. */
  public static final String ORIGINAL_TOPIC = PREFIX + "original-topic";

  /** Source partition (4-byte big-endian int). */
  public static final String ORIGINAL_PARTITION = PREFIX + "original-partition";

  /** Source offset (8-byte big-endian long). */
  public static final String ORIGINAL_OFFSET = PREFIX + "original-offset";

  /** Source timestamp in epoch milliseconds (8-byte big-endian long). */
  public static final String ORIGINAL_TIMESTAMP = PREFIX + "original-timestamp";

  /** Source timestamp type, e.g. {@code CreateTime}. */
  public static final String ORIGINAL_TIMESTAMP_TYPE = PREFIX + "original-timestamp-type";

  /** Consumer group (Kafka Streams: application id) that failed on the record. */
  public static final String ORIGINAL_CONSUMER_GROUP = PREFIX + "original-consumer-group";

  /** Class of the exception. */
  public static final String EXCEPTION_FQCN = PREFIX + "exception-fqcn";

  /** Class of the exception's cause; only when it has one. */
  public static final String EXCEPTION_CAUSE_FQCN = PREFIX + "exception-cause-fqcn";

  /** Message of the exception, at most {@value #MAX_MESSAGE_CHARS} characters. */
  public static final String EXCEPTION_MESSAGE = PREFIX + "exception-message";

  /** spring-kafka's stack-trace header: never written by LearnPulse. */
  public static final String EXCEPTION_STACKTRACE = PREFIX + "exception-stacktrace";

  /** Longest exception message written, in characters. */
  public static final int MAX_MESSAGE_CHARS = 1024;

  /** The headers every dead-letter record carries. */
  public static final Set<String> REQUIRED =
      Set.of(
          ORIGINAL_TOPIC,
          ORIGINAL_PARTITION,
          ORIGINAL_OFFSET,
          ORIGINAL_TIMESTAMP,
          ORIGINAL_TIMESTAMP_TYPE,
          ORIGINAL_CONSUMER_GROUP,
          EXCEPTION_FQCN,
          EXCEPTION_MESSAGE);

  /** Every dead-letter header a record may carry: {@link #REQUIRED} and the cause's class. */
  public static final Set<String> ALL = union(REQUIRED, EXCEPTION_CAUSE_FQCN);

  private DeadLetterHeaders() {}

  /**
   * Where a failed record came from.
   *
   * @param topic source topic
   * @param partition source partition
   * @param offset source offset
   * @param timestamp source timestamp (epoch milliseconds)
   * @param timestampType source timestamp type
   * @param consumerGroup consumer group or Kafka Streams application id that failed on it
   */
  public record Origin(
      String topic,
      int partition,
      long offset,
      long timestamp,
      TimestampType timestampType,
      String consumerGroup) {

    /** Validates the origin. */
    public Origin {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(timestampType, "timestampType");
      Objects.requireNonNull(consumerGroup, "consumerGroup");
    }

    /** The origin of {@code record}, consumed by {@code consumerGroup}. */
    public static Origin of(ConsumerRecord<?, ?> record, String consumerGroup) {
      return new Origin(
          record.topic(),
          record.partition(),
          record.offset(),
          record.timestamp(),
          record.timestampType(),
          consumerGroup);
    }
  }

  /**
   * Writes the dead-letter headers of a record from {@code origin} that failed with {@code error},
   * replacing any dead-letter headers it already had (a dead letter that failed again). Other
   * headers ({@code ce_*}, tracing) are kept.
   *
   * @return {@code headers}
   */
  public static Headers write(Headers headers, Origin origin, Throwable error) {
    strip(headers);
    headers.add(ORIGINAL_TOPIC, utf8(origin.topic()));
    headers.add(ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(origin.partition()).array());
    headers.add(ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(origin.offset()).array());
    headers.add(ORIGINAL_TIMESTAMP, ByteBuffer.allocate(8).putLong(origin.timestamp()).array());
    headers.add(ORIGINAL_TIMESTAMP_TYPE, utf8(origin.timestampType().toString()));
    headers.add(ORIGINAL_CONSUMER_GROUP, utf8(origin.consumerGroup()));
    return writeException(headers, error);
  }

  /**
   * Writes (replacing) only the exception headers: class, cause class when there is a cause, and
   * the bounded message; removes any stack-trace header. For spring-kafka's recoverer, which writes
   * the origin headers itself.
   *
   * @return {@code headers}
   */
  public static Headers writeException(Headers headers, Throwable error) {
    headers.remove(EXCEPTION_FQCN);
    headers.remove(EXCEPTION_CAUSE_FQCN);
    headers.remove(EXCEPTION_MESSAGE);
    headers.remove(EXCEPTION_STACKTRACE);
    headers.add(EXCEPTION_FQCN, utf8(error.getClass().getName()));
    if (error.getCause() != null) {
      headers.add(EXCEPTION_CAUSE_FQCN, utf8(error.getCause().getClass().getName()));
    }
    headers.add(EXCEPTION_MESSAGE, utf8(message(error)));
    return headers;
  }

  /**
   * The message written for {@code error}: its message (or its class name when it has none), with
   * the cause's message appended when it adds something, cut to {@value #MAX_MESSAGE_CHARS}
   * characters.
   */
  public static String message(Throwable error) {
    String message = error.getMessage() == null ? error.getClass().getName() : error.getMessage();
    Throwable cause = error.getCause();
    if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
      message = message + "; caused by: " + cause.getMessage();
    }
    if (message.length() <= MAX_MESSAGE_CHARS) {
      return message;
    }
    int end = MAX_MESSAGE_CHARS - 1;
    if (Character.isHighSurrogate(message.charAt(end - 1))) {
      end--; // never split a surrogate pair
    }
    return message.substring(0, end) + "…";
  }

  /** Removes every dead-letter header. */
  public static Headers strip(Headers headers) {
    Set<String> names = names(headers);
    names.forEach(headers::remove);
    return headers;
  }

  /** Names of the dead-letter headers present, sorted. */
  public static Set<String> names(Headers headers) {
    Set<String> names = new TreeSet<>();
    for (Header header : headers) {
      if (header.key().startsWith(PREFIX)) {
        names.add(header.key());
      }
    }
    return names;
  }

  /** The source topic, if recorded. */
  public static Optional<String> originalTopic(Headers headers) {
    return text(headers, ORIGINAL_TOPIC);
  }

  /** The source partition, if recorded. */
  public static Optional<Integer> originalPartition(Headers headers) {
    return bytes(headers, ORIGINAL_PARTITION, 4).map(b -> ByteBuffer.wrap(b).getInt());
  }

  /** The source offset, if recorded. */
  public static Optional<Long> originalOffset(Headers headers) {
    return bytes(headers, ORIGINAL_OFFSET, 8).map(b -> ByteBuffer.wrap(b).getLong());
  }

  /** The source timestamp, if recorded. */
  public static Optional<Long> originalTimestamp(Headers headers) {
    return bytes(headers, ORIGINAL_TIMESTAMP, 8).map(b -> ByteBuffer.wrap(b).getLong());
  }

  /** A text-valued dead-letter header (topic, group, class names, message), if present. */
  public static Optional<String> text(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null || header.value() == null
        ? Optional.empty()
        : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
  }

  private static Optional<byte[]> bytes(Headers headers, String name, int length) {
    Header header = headers.lastHeader(name);
    return header == null || header.value() == null || header.value().length != length
        ? Optional.empty()
        : Optional.of(header.value());
  }

  private static Set<String> union(Set<String> names, String name) {
    Set<String> all = new LinkedHashSet<>(names);
    all.add(name);
    return Set.copyOf(all);
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}

package io.learnpulse.schemas.wire;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The CloudEvents attributes of a LearnPulse Kafka record, in the CloudEvents Kafka protocol
 * binding's binary mode: each attribute is a {@code ce_<name>} header with a UTF-8 value, the
 * record value is the event data (Avro, Confluent wire format). Consumers route and deduplicate on
 * these without deserializing the value. Every LearnPulse producer writes all five with {@link
 * #writeTo}; consumers read them with {@link #id(Headers)} and {@link #read(Headers)}.
 *
 * @param id {@code ce_id}: the event id consumers deduplicate on
 * @param type {@code ce_type}: {@value #TYPE_PREFIX} + the Avro record's simple name ({@link
 *     #typeOf})
 * @param source {@code ce_source}: the {@link ProducerId} that wrote the record
 * @param time {@code ce_time}: when the fact happened (RFC 3339, UTC)
 */
public record CloudEventHeaders(UUID id, String type, String source, Instant time) {

  /** Header of the event id. */
  public static final String ID = "ce_id";

  /** Header of the event type. */
  public static final String TYPE = "ce_type";

  /** Header of the producer. */
  public static final String SOURCE = "ce_source";

  /** Header of the event time. */
  public static final String TIME = "ce_time";

  /** Header of the CloudEvents specification version. */
  public static final String SPECVERSION = "ce_specversion";

  /** The CloudEvents specification version written in {@value #SPECVERSION}. */
  public static final String SPECVERSION_VALUE = "1.0";

  /** Prefix of every {@code ce_type}: the Avro record's simple name follows. */
  public static final String TYPE_PREFIX = "io.learnpulse.";

  /** Validates the attributes. */
  public CloudEventHeaders {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(time, "time");
  }

  /** The attributes of {@code event}, written by {@code producer}. */
  public static CloudEventHeaders of(
      SpecificRecord event, UUID id, ProducerId producer, Instant time) {
    return new CloudEventHeaders(id, typeOf(event.getSchema()), producer.id(), time);
  }

  /** {@code ce_type} of records of {@code schema}: {@value #TYPE_PREFIX} + its simple name. */
  public static String typeOf(Schema schema) {
    return TYPE_PREFIX + schema.getName();
  }

  /**
   * A deterministic event id for a record that has no id of its own (topic status): a name-based
   * UUID of the key and the value's plain Avro binary (without registry framing), so the same
   * content re-emitted under the same key has the same id and consumers drop the repeat.
   *
   * @param key the record key
   * @param avroBinary the value's Avro binary encoding
   */
  public static UUID contentId(String key, byte[] avroBinary) {
    byte[] k = String.valueOf(key).getBytes(StandardCharsets.UTF_8);
    byte[] name = new byte[k.length + 1 + avroBinary.length];
    System.arraycopy(k, 0, name, 0, k.length);
    System.arraycopy(avroBinary, 0, name, k.length + 1, avroBinary.length);
    return UUID.nameUUIDFromBytes(name);
  }

  /** The five headers in a stable order, as text (for code that does not touch Kafka types). */
  public Map<String, String> asMap() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(ID, id.toString());
    headers.put(TYPE, type);
    headers.put(SOURCE, source);
    headers.put(TIME, time.toString());
    headers.put(SPECVERSION, SPECVERSION_VALUE);
    return headers;
  }

  /** Writes the five headers to {@code headers}, replacing any earlier {@code ce_*} values. */
  public Headers writeTo(Headers headers) {
    asMap()
        .forEach(
            (name, value) -> {
              headers.remove(name);
              headers.add(name, value.getBytes(StandardCharsets.UTF_8));
            });
    return headers;
  }

  /** {@code ce_id} as a UUID, if present and well formed. */
  public static Optional<UUID> id(Headers headers) {
    return text(headers, ID)
        .flatMap(
            value -> {
              try {
                return Optional.of(UUID.fromString(value));
              } catch (IllegalArgumentException notAUuid) {
                return Optional.empty();
              }
            });
  }

  /** A {@code ce_*} header's text, if present. */
  public static Optional<String> text(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null || header.value() == null
        ? Optional.empty()
        : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
  }

  /** All attributes, if the four required headers are present and well formed. */
  public static Optional<CloudEventHeaders> read(Headers headers) {
    Optional<UUID> id = id(headers);
    Optional<String> type = text(headers, TYPE);
    Optional<String> source = text(headers, SOURCE);
    Optional<Instant> time = text(headers, TIME).flatMap(CloudEventHeaders::instant);
    if (id.isEmpty() || type.isEmpty() || source.isEmpty() || time.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new CloudEventHeaders(id.get(), type.get(), source.get(), time.get()));
  }

  private static Optional<Instant> instant(String text) {
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}

package io.learnpulse.schemas.wire;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
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

  private static final long FIRST_SECOND = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
  private static final long LAST_SECOND = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

  private static final ThreadLocal<MessageDigest> MD5 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
              throw new InternalError("MD5 not supported", e); // as UUID.nameUUIDFromBytes
            }
          });

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
    return contentId(key, avroBinary, 0, avroBinary.length);
  }

  /**
   * {@link #contentId(String, byte[])} of {@code length} bytes of {@code bytes} from {@code
   * offset}, without copying them: {@link UUID#nameUUIDFromBytes} of the key's UTF-8 bytes, a zero
   * byte and the content, computed with this thread's MD5 instance (looking one up is dearer than
   * hashing a status).
   */
  public static UUID contentId(String key, byte[] bytes, int offset, int length) {
    MessageDigest md5 = MD5.get();
    md5.update(String.valueOf(key).getBytes(StandardCharsets.UTF_8));
    md5.update((byte) 0);
    md5.update(bytes, offset, length);
    byte[] hash = md5.digest();
    hash[6] &= 0x0f; // version 3, as UUID.nameUUIDFromBytes
    hash[6] |= 0x30;
    hash[8] &= 0x3f; // IETF variant
    hash[8] |= (byte) 0x80;
    long msb = 0;
    long lsb = 0;
    for (int i = 0; i < 8; i++) {
      msb = (msb << 8) | (hash[i] & 0xff);
      lsb = (lsb << 8) | (hash[i + 8] & 0xff);
    }
    return new UUID(msb, lsb);
  }

  /** The five headers in a stable order, as text (for code that does not touch Kafka types). */
  public Map<String, String> asMap() {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(ID, id.toString());
    headers.put(TYPE, type);
    headers.put(SOURCE, source);
    headers.put(TIME, rfc3339(time));
    headers.put(SPECVERSION, SPECVERSION_VALUE);
    return headers;
  }

  /**
   * Writes the five headers to {@code headers}, replacing any earlier {@code ce_*} values: the same
   * names and bytes as {@link #asMap()}, without building the map (this runs for every record a
   * service produces).
   */
  public Headers writeTo(Headers headers) {
    put(headers, ID, id.toString());
    put(headers, TYPE, type);
    put(headers, SOURCE, source);
    put(headers, TIME, rfc3339(time));
    put(headers, SPECVERSION, SPECVERSION_VALUE);
    return headers;
  }

  private static void put(Headers headers, String name, String value) {
    headers.remove(name);
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * {@code time.toString()} (ISO-8601 in UTC, the fraction in groups of three digits as needed),
   * written directly for the years 0 to 9999; other years go through {@link Instant#toString}.
   */
  static String rfc3339(Instant time) {
    long seconds = time.getEpochSecond();
    if (seconds < FIRST_SECOND || seconds > LAST_SECOND) {
      return time.toString();
    }
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400L));
    int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
    int nano = time.getNano();
    char[] text = new char[30];
    int at = digits(text, 0, date.getYear(), 4);
    text[at++] = '-';
    at = digits(text, at, date.getMonthValue(), 2);
    text[at++] = '-';
    at = digits(text, at, date.getDayOfMonth(), 2);
    text[at++] = 'T';
    at = digits(text, at, secondOfDay / 3600, 2);
    text[at++] = ':';
    at = digits(text, at, secondOfDay / 60 % 60, 2);
    text[at++] = ':';
    at = digits(text, at, secondOfDay % 60, 2);
    if (nano != 0) {
      text[at++] = '.';
      if (nano % 1_000_000 == 0) {
        at = digits(text, at, nano / 1_000_000, 3);
      } else if (nano % 1_000 == 0) {
        at = digits(text, at, nano / 1_000, 6);
      } else {
        at = digits(text, at, nano, 9);
      }
    }
    text[at++] = 'Z';
    return new String(text, 0, at);
  }

  private static int digits(char[] text, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      text[i] = (char) ('0' + value % 10);
      value /= 10;
    }
    return at + width;
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

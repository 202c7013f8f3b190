package io.learnpulse.ingest.domain;

import io.learnpulse.ingest.domain.Violation.Reason;
import io.learnpulse.schemas.wire.EventLimits;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Reads typed fields of one JSON object (parsed into plain {@code Map}/{@code List}/{@code
 * String}/{@code Number}/{@code Boolean} values), recording a violation for every field that is
 * missing or wrong instead of stopping at the first. A getter returns {@code null} when the field
 * is unusable; the caller builds its value only when {@link #violations} stayed unchanged.
 */
final class JsonObject {

  /** Longest accepted identifier (challenge id, answer id): {@link EventLimits#MAX_ID_LENGTH}. */
  static final int MAX_ID_LENGTH = EventLimits.MAX_ID_LENGTH;

  /** Earliest accepted occurred-at time: older values are clock garbage. */
  static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

  private final Map<?, ?> fields;
  private final String pointer;
  private final List<Violation> violations;

  private JsonObject(Map<?, ?> fields, String pointer, List<Violation> violations) {
    this.fields = fields;
    this.pointer = pointer;
    this.violations = violations;
  }

  /** The object at {@code pointer}, or null (with a violation) when {@code node} is no object. */
  static JsonObject at(Object node, String pointer, List<Violation> violations) {
    if (node instanceof Map<?, ?> map) {
      return new JsonObject(map, pointer, violations);
    }
    violations.add(new Violation(pointer, Reason.WRONG_TYPE, "must be a JSON object"));
    return null;
  }

  /** Pointer of a member of this object. */
  String pointer(String name) {
    return pointer + "/" + name.replace("~", "~0").replace("/", "~1");
  }

  /** True when the field is present and not null. */
  boolean has(String name) {
    return fields.get(name) != null;
  }

  /** The raw value of a field, or null. */
  Object raw(String name) {
    return fields.get(name);
  }

  /**
   * A required identifier: a non-blank string of at most {@link #MAX_ID_LENGTH} characters without
   * control characters ({@link EventLimits#idProblem}).
   */
  String id(String name) {
    Object value = required(name);
    return value == null ? null : idValue(value, pointer(name));
  }

  /** An optional identifier, or null when absent. */
  String optionalId(String name) {
    Object value = fields.get(name);
    return value == null ? null : idValue(value, pointer(name));
  }

  private String idValue(Object value, String at) {
    if (!(value instanceof String text)) {
      return wrongType(at, "must be a string");
    }
    if (text.isBlank() || text.length() > MAX_ID_LENGTH) {
      violations.add(
          new Violation(
              at,
              Reason.INVALID_LENGTH,
              "must be a non-blank string of at most " + MAX_ID_LENGTH + " characters"));
      return null;
    }
    String problem = EventLimits.idProblem(text).orElse(null);
    if (problem != null) {
      // A NUL or another control character passes JSON but breaks consumers and analysts' tools.
      violations.add(new Violation(at, Reason.INVALID_FORMAT, problem));
      return null;
    }
    return text;
  }

  /** A required UUID in its canonical text form. */
  UUID uuid(String name) {
    Object value = required(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      return wrongType(pointer(name), "must be a UUID string");
    }
    if (text.length() != 36) {
      return invalidFormat(name, "must be a UUID such as 3f2b8c1e-6a7d-4e0f-9b1a-2c3d4e5f6a7b");
    }
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return invalidFormat(name, "must be a UUID such as 3f2b8c1e-6a7d-4e0f-9b1a-2c3d4e5f6a7b");
    }
  }

  /** A required integer in {@code [0, maximum]}. */
  Long longAtMost(String name, long maximum) {
    Object value = required(name);
    return value == null ? null : nonNegative(value, pointer(name), maximum);
  }

  /** An optional integer in {@code [0, maximum]}, or null when absent. */
  Long optionalLongAtMost(String name, long maximum) {
    Object value = fields.get(name);
    return value == null ? null : nonNegative(value, pointer(name), maximum);
  }

  /** A required integer in {@code [0, maximum]} ({@code maximum} at most an int). */
  Integer intAtMost(String name, int maximum) {
    Object value = required(name);
    return value == null ? null : toInt(nonNegative(value, pointer(name), maximum));
  }

  /** An optional integer in {@code [0, maximum]}, or null when absent. */
  Integer optionalIntAtMost(String name, int maximum) {
    Object value = fields.get(name);
    return value == null ? null : toInt(nonNegative(value, pointer(name), maximum));
  }

  /**
   * A list of at most {@code maximum + 1} integers, each in {@code [0, maximum]} (indexes); empty
   * when absent.
   */
  List<Integer> intsAtMost(String name, int maximum) {
    Object value = fields.get(name);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> items)) {
      return wrongType(pointer(name), "must be an array of integers");
    }
    if (items.size() > maximum + 1) {
      violations.add(
          new Violation(
              pointer(name),
              Reason.INVALID_LENGTH,
              "must hold at most " + (maximum + 1) + " indexes"));
      return null;
    }
    int before = violations.size();
    List<Integer> result =
        IntStream.range(0, items.size())
            .mapToObj(
                i -> {
                  Object item = items.get(i);
                  String at = pointer(name) + "/" + i;
                  if (item == null) {
                    violations.add(new Violation(at, Reason.WRONG_TYPE, "must be an integer"));
                    return null;
                  }
                  return toInt(nonNegative(item, at, maximum));
                })
            .toList();
    return violations.size() == before ? result : null;
  }

  /** An optional boolean, {@code defaultValue} when absent. */
  Boolean bool(String name, boolean defaultValue) {
    Object value = fields.get(name);
    if (value == null) {
      return defaultValue;
    }
    if (value instanceof Boolean flag) {
      return flag;
    }
    return wrongType(pointer(name), "must be true or false");
  }

  /**
   * A required ISO 8601 instant, truncated to milliseconds, not before 2000 and not later than
   * {@code latest}.
   */
  Instant instant(String name, Instant latest) {
    Object value = required(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      return wrongType(pointer(name), "must be an ISO 8601 instant string");
    }
    Instant instant;
    try {
      instant = IsoInstants.parse(text);
    } catch (DateTimeParseException e) {
      return invalidFormat(
          name, "must be an ISO 8601 instant with a time zone, such as 2025-03-01T10:15:30.250Z");
    }
    if (instant.isBefore(EARLIEST)) {
      violations.add(
          new Violation(pointer(name), Reason.OUT_OF_RANGE, "must not be before " + EARLIEST));
      return null;
    }
    if (instant.isAfter(latest)) {
      violations.add(
          new Violation(
              pointer(name),
              Reason.IN_FUTURE,
              "lies in the future beyond the clock-skew tolerance (latest accepted: "
                  + latest
                  + ")"));
      return null;
    }
    return instant.truncatedTo(ChronoUnit.MILLIS);
  }

  /** A required string that must be one of {@code allowed}'s keys. */
  <E> E oneOf(String name, Map<String, E> allowed) {
    Object value = required(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      return wrongType(pointer(name), "must be a string");
    }
    E known = allowed.get(text);
    if (known == null) {
      violations.add(
          new Violation(
              pointer(name),
              Reason.UNKNOWN_VALUE,
              "must be one of " + String.join(", ", new TreeSet<>(allowed.keySet()))));
    }
    return known;
  }

  private Object required(String name) {
    Object value = fields.get(name);
    if (value == null) {
      violations.add(new Violation(pointer(name), Reason.MISSING, "is required"));
    }
    return value;
  }

  private Long nonNegative(Object value, String at, long maximum) {
    if (!(value instanceof Integer || value instanceof Long || value instanceof BigInteger)) {
      return wrongType(at, "must be an integer");
    }
    BigInteger number =
        value instanceof BigInteger big ? big : BigInteger.valueOf(((Number) value).longValue());
    if (number.signum() < 0 || number.compareTo(BigInteger.valueOf(maximum)) > 0) {
      violations.add(new Violation(at, Reason.OUT_OF_RANGE, "must be between 0 and " + maximum));
      return null;
    }
    return number.longValueExact();
  }

  private static Integer toInt(Long value) {
    return value == null ? null : Math.toIntExact(value);
  }

  private <T> T wrongType(String at, String detail) {
    violations.add(new Violation(at, Reason.WRONG_TYPE, detail));
    return null;
  }

  private <T> T invalidFormat(String name, String detail) {
    violations.add(new Violation(pointer(name), Reason.INVALID_FORMAT, detail));
    return null;
  }
}

package io.learnpulse.infra.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.learnpulse.infra.registry.SchemaLogRecord.CompatibilitySet;
import io.learnpulse.infra.registry.SchemaLogRecord.SchemaRegistered;
import io.learnpulse.infra.registry.SchemaLogRecord.SubjectDeleted;
import io.learnpulse.schemas.registry.CompatibilityLevel;
import java.util.Optional;

/**
 * JSON keys and values of the {@code _schemas} topic, modelled on Confluent's layout.
 *
 * <p>Keys carry a {@code keytype} ({@code SCHEMA} per subject version, {@code DELETE_SUBJECT} per
 * subject, {@code CONFIG} per subject or global) so that compaction keeps the latest record of each
 * and replaying the compacted topic rebuilds the same state. Removing a subject's level is a
 * tombstone (null value) on its {@code CONFIG} key.
 */
final class SchemaLogCodec {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SchemaLogCodec() {}

  /** A key and value ready for the topic; the value is null for a tombstone. */
  record Encoded(String key, String value) {}

  static Encoded encode(SchemaLogRecord record) {
    ObjectNode key = JSON.createObjectNode();
    ObjectNode value = JSON.createObjectNode();
    if (record instanceof SchemaRegistered registered) {
      key.put("keytype", "SCHEMA")
          .put("subject", registered.subject())
          .put("version", registered.version())
          .put("magic", 1);
      value
          .put("subject", registered.subject())
          .put("version", registered.version())
          .put("id", registered.id())
          .put("schema", registered.schema())
          .put("deleted", false);
    } else if (record instanceof SubjectDeleted deleted) {
      key.put("keytype", "DELETE_SUBJECT").put("subject", deleted.subject()).put("magic", 0);
      value.put("subject", deleted.subject()).put("version", deleted.upToVersion());
    } else if (record instanceof CompatibilitySet set) {
      key.put("keytype", "CONFIG").put("subject", set.subject()).put("magic", 0);
      if (set.level() == null) {
        return new Encoded(write(key), null);
      }
      value.put("compatibilityLevel", set.level().name());
    }
    return new Encoded(write(key), write(value));
  }

  /**
   * Decodes a record of the topic.
   *
   * @return the change, empty for records that carry none (unknown key types, tombstones of schema
   *     keys)
   * @throws IllegalArgumentException when the record is not valid JSON of a known shape
   */
  static Optional<SchemaLogRecord> decode(String keyText, String valueText) {
    try {
      JsonNode key = JSON.readTree(keyText);
      String keyType = key.path("keytype").asText();
      JsonNode value = valueText == null ? null : JSON.readTree(valueText);
      switch (keyType) {
        case "SCHEMA":
          if (value == null || value.path("deleted").asBoolean(false)) {
            return Optional.empty();
          }
          return Optional.of(
              new SchemaRegistered(
                  text(value, "subject"),
                  value.path("version").asInt(),
                  value.path("id").asInt(),
                  text(value, "schema")));
        case "DELETE_SUBJECT":
          if (value == null) {
            return Optional.empty();
          }
          return Optional.of(
              new SubjectDeleted(text(value, "subject"), value.path("version").asInt()));
        case "CONFIG":
          String subject = key.path("subject").isTextual() ? key.get("subject").asText() : null;
          CompatibilityLevel level =
              value == null ? null : SchemaRegistry.parseLevel(text(value, "compatibilityLevel"));
          return Optional.of(new CompatibilitySet(subject, level));
        default:
          return Optional.empty();
      }
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalArgumentException("Unreadable schema log record " + keyText, e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("Missing text field " + field);
    }
    return value.asText();
  }

  private static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

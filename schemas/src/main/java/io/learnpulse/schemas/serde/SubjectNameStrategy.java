package io.learnpulse.schemas.serde;

import java.util.Locale;
import org.apache.avro.Schema;

/**
 * How a serializer names the registry subject of a schema, as Confluent's strategies do. Accepts
 * Confluent's class names in configuration so existing client configs work unchanged.
 */
public enum SubjectNameStrategy {
  /** {@code <topic>-key} / {@code <topic>-value}: one schema lineage per topic. */
  TOPIC_NAME {
    @Override
    public String subject(String topic, boolean isKey, Schema schema) {
      return topic + (isKey ? "-key" : "-value");
    }
  },
  /** {@code <full.record.Name>}: one lineage per record type, shared by all topics. */
  RECORD_NAME {
    @Override
    public String subject(String topic, boolean isKey, Schema schema) {
      return schema.getFullName();
    }
  },
  /** {@code <topic>-<full.record.Name>}: several record types per topic. */
  TOPIC_RECORD_NAME {
    @Override
    public String subject(String topic, boolean isKey, Schema schema) {
      return topic + "-" + schema.getFullName();
    }
  };

  /** The subject for a schema written to {@code topic}. */
  public abstract String subject(String topic, boolean isKey, Schema schema);

  /**
   * Parses a configured strategy: {@code TopicNameStrategy}, {@code RecordNameStrategy}, {@code
   * TopicRecordNameStrategy}, Confluent's fully qualified class names, or this enum's names.
   */
  public static SubjectNameStrategy parse(String configured) {
    String simple = configured.substring(configured.lastIndexOf('.') + 1).trim();
    switch (simple.toLowerCase(Locale.ROOT).replace("_", "")) {
      case "topicnamestrategy", "topicname":
        return TOPIC_NAME;
      case "recordnamestrategy", "recordname":
        return RECORD_NAME;
      case "topicrecordnamestrategy", "topicrecordname":
        return TOPIC_RECORD_NAME;
      default:
        throw new IllegalArgumentException(
            "unknown subject name strategy '"
                + configured
                + "': use TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy");
    }
  }
}

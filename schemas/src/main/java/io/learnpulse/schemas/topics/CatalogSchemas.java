package io.learnpulse.schemas.topics;

import io.learnpulse.schemas.registry.SchemaRegistryClient;
import io.learnpulse.schemas.serde.SubjectNameStrategy;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The registry subjects of the catalog's value schemas, and their registration at deployment (the
 * services themselves run with {@code auto.register.schemas=false}).
 */
public final class CatalogSchemas {

  private CatalogSchemas() {}

  /** The strategy a topic's values use: one record type per topic, or several. */
  public static SubjectNameStrategy valueStrategy(TopicSpec topic) {
    return topic.multipleValueTypes()
        ? SubjectNameStrategy.TOPIC_RECORD_NAME
        : SubjectNameStrategy.TOPIC_NAME;
  }

  /** Every value subject of the catalog and the schema registered under it. */
  public static Map<String, Schema> subjects() {
    Map<String, Schema> subjects = new LinkedHashMap<>();
    for (TopicSpec topic : Topics.ALL) {
      for (Class<? extends SpecificRecord> type : topic.valueTypes()) {
        Schema schema = SpecificData.get().getSchema(type);
        subjects.put(valueStrategy(topic).subject(topic.name(), false, schema), schema);
      }
    }
    return subjects;
  }

  /** Registers every value schema of the catalog; returns subject to schema id. */
  public static Map<String, Integer> registerAll(SchemaRegistryClient registry) {
    Map<String, Integer> ids = new LinkedHashMap<>();
    subjects().forEach((subject, schema) -> ids.put(subject, registry.register(subject, schema)));
    return ids;
  }
}

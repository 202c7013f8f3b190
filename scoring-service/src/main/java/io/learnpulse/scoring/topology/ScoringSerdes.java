package io.learnpulse.scoring.topology;

import io.learnpulse.events.v1.AssignmentPolicy;
import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.schemas.registry.SchemaRegistryClient;
import io.learnpulse.schemas.serde.AvroSerde;
import io.learnpulse.schemas.serde.AvroSerdeConfig;
import io.learnpulse.schemas.topics.CatalogSchemas;
import io.learnpulse.schemas.topics.TopicSpec;
import io.learnpulse.schemas.topics.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * The value serdes of the topics scoring reads and writes.
 *
 * @param activity values of {@link Topics#ACTIVITY} (several record types)
 * @param assignment values of {@link Topics#ASSIGNMENT}
 * @param topicStatus values of {@link Topics#TOPIC_STATUS}, also used for the status store
 */
public record ScoringSerdes(
    Serde<SpecificRecord> activity,
    Serde<AssignmentPolicy> assignment,
    Serde<TopicStatus> topicStatus) {

  /** Checks every serde is present. */
  public ScoringSerdes {
    Objects.requireNonNull(activity, "activity");
    Objects.requireNonNull(assignment, "assignment");
    Objects.requireNonNull(topicStatus, "topicStatus");
  }

  /**
   * The Confluent-wire-format serdes of the contracts, sharing one registry client, reading
   * generated classes, with each topic's subject strategy from the catalog.
   *
   * @param serdeConfig serde properties ({@value AvroSerdeConfig#SCHEMA_REGISTRY_URL}, {@value
   *     AvroSerdeConfig#AUTO_REGISTER_SCHEMAS} ...)
   */
  public static ScoringSerdes registry(Map<String, ?> serdeConfig) {
    Map<String, Object> config = new HashMap<>(serdeConfig);
    config.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, true);
    SchemaRegistryClient client = AvroSerdeConfig.from(config).newClient();
    return new ScoringSerdes(
        serde(client, config, Topics.ACTIVITY),
        serde(client, config, Topics.ASSIGNMENT),
        serde(client, config, Topics.TOPIC_STATUS));
  }

  private static <T> Serde<T> serde(
      SchemaRegistryClient client, Map<String, Object> base, TopicSpec topic) {
    Map<String, Object> config = new HashMap<>(base);
    config.put(
        AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, CatalogSchemas.valueStrategy(topic).name());
    return new AvroSerde<>(client, AvroSerdeConfig.from(config), false);
  }
}

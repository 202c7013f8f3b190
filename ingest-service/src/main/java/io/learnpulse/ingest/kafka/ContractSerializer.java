package io.learnpulse.ingest.kafka;

import io.learnpulse.schemas.registry.SchemaRegistryClient;
import io.learnpulse.schemas.serde.AvroSerdeConfig;
import io.learnpulse.schemas.serde.AvroSerializer;
import io.learnpulse.schemas.serde.SubjectNameStrategy;
import io.learnpulse.schemas.topics.CatalogSchemas;
import io.learnpulse.schemas.topics.TopicSpec;
import io.learnpulse.schemas.topics.Topics;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The value serializer of the one producer: Confluent-wire-format Avro with the subject strategy
 * the catalog gives each topic ({@link CatalogSchemas#valueStrategy}): TopicRecordNameStrategy for
 * the activity topic, which carries several record types, TopicNameStrategy for the others. One
 * registry client (and its caches) serves all of them.
 */
final class ContractSerializer implements Serializer<SpecificRecord> {

  private final Map<String, SubjectNameStrategy> strategies;
  private final Map<SubjectNameStrategy, AvroSerializer<SpecificRecord>> serializers =
      new EnumMap<>(SubjectNameStrategy.class);

  ContractSerializer(String registryUrl, boolean autoRegister) {
    SchemaRegistryClient registry = null;
    for (SubjectNameStrategy strategy : SubjectNameStrategy.values()) {
      AvroSerdeConfig config = config(registryUrl, autoRegister, strategy);
      if (registry == null) {
        registry = config.newClient();
      }
      serializers.put(strategy, new AvroSerializer<>(registry, config, false));
    }
    this.strategies =
        Topics.ALL.stream()
            .collect(Collectors.toUnmodifiableMap(TopicSpec::name, CatalogSchemas::valueStrategy));
  }

  private static AvroSerdeConfig config(
      String registryUrl, boolean autoRegister, SubjectNameStrategy strategy) {
    Map<String, Object> configs = new HashMap<>();
    configs.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
    configs.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, Boolean.toString(autoRegister));
    configs.put(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, strategy.name());
    return AvroSerdeConfig.from(configs);
  }

  @Override
  public byte[] serialize(String topic, SpecificRecord data) {
    SubjectNameStrategy strategy = strategies.getOrDefault(topic, SubjectNameStrategy.TOPIC_NAME);
    return serializers.get(strategy).serialize(topic, data);
  }
}

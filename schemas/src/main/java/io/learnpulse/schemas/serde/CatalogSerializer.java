package io.learnpulse.schemas.serde;

import io.learnpulse.schemas.topics.CatalogSchemas;
import io.learnpulse.schemas.topics.TopicSpec;
import io.learnpulse.schemas.topics.Topics;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The value serializer of a LearnPulse producer: each record is written under the subject its
 * catalog topic uses ({@link CatalogSchemas#valueStrategy}: TopicRecordNameStrategy where a topic
 * carries several record types, TopicNameStrategy otherwise), whatever the configured strategy.
 * Records for a catalog dead-letter topic ({@link TopicSpec#deadLetterTopic}) are written under
 * their source topic's subject, so a dead letter keeps the original's schema id; byte arrays
 * (records that could not be read in the first place) pass through unchanged. Configured with the
 * same keys as {@link AvroSerializer}; one registry client serves every strategy.
 */
public class CatalogSerializer implements Serializer<Object> {

  private final Map<SubjectNameStrategy, AvroSerializer<Object>> serializers =
      new EnumMap<>(SubjectNameStrategy.class);
  private final Map<String, SubjectNameStrategy> strategyByTopic = new HashMap<>();
  private final Map<String, String> sourceByDeadLetterTopic = new HashMap<>();

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    AvroSerdeConfig config = AvroSerdeConfig.from(configs);
    var registry = config.newClient();
    for (SubjectNameStrategy strategy : SubjectNameStrategy.values()) {
      serializers.put(
          strategy, new AvroSerializer<>(registry, config.withStrategy(strategy), isKey));
    }
    for (TopicSpec topic : Topics.ALL) {
      strategyByTopic.put(topic.name(), CatalogSchemas.valueStrategy(topic));
      topic.deadLetterTopic().ifPresent(dlt -> sourceByDeadLetterTopic.put(dlt, topic.name()));
    }
  }

  @Override
  public byte[] serialize(String topic, Object data) {
    if (data == null || data instanceof byte[]) {
      return (byte[]) data;
    }
    String source = sourceByDeadLetterTopic.getOrDefault(topic, topic);
    SubjectNameStrategy strategy =
        Optional.ofNullable(strategyByTopic.get(source)).orElse(SubjectNameStrategy.TOPIC_NAME);
    return serializers.get(strategy).serialize(source, data);
  }
}

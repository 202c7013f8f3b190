package io.learnpulse.lmssync.kafka;

import io.learnpulse.schemas.serde.AvroSerdeConfig;
import io.learnpulse.schemas.serde.AvroSerializer;
import io.learnpulse.schemas.topics.TopicSpec;
import io.learnpulse.schemas.topics.Topics;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The one value serializer of the service's producer. Contract records are written with the subject
 * strategy their catalog topic needs (TopicRecordNameStrategy where a topic carries several record
 * types, TopicNameStrategy otherwise), whatever the configured topic name. For dead-letter topics
 * ({@code <topic>.dlt}) records are written under the source topic's subject, so the dead-letter
 * record has the same bytes and schema id as the original; byte arrays (records that could not be
 * deserialized) are passed through unchanged.
 */
public class CatalogAvroSerializer implements Serializer<Object> {

  private static final String DEAD_LETTER_SUFFIX = ".dlt";

  private final AvroSerializer<Object> byTopicName = new AvroSerializer<>();
  private final AvroSerializer<Object> byTopicAndRecordName = new AvroSerializer<>();

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    String strategyKey =
        isKey
            ? AvroSerdeConfig.KEY_SUBJECT_NAME_STRATEGY
            : AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY;
    Map<String, Object> topicName = new HashMap<>(configs);
    topicName.put(strategyKey, "TopicNameStrategy");
    byTopicName.configure(topicName, isKey);
    Map<String, Object> topicRecordName = new HashMap<>(configs);
    topicRecordName.put(strategyKey, "TopicRecordNameStrategy");
    byTopicAndRecordName.configure(topicRecordName, isKey);
  }

  @Override
  public byte[] serialize(String topic, Object data) {
    if (data == null || data instanceof byte[]) {
      return (byte[]) data;
    }
    String subjectTopic =
        topic.endsWith(DEAD_LETTER_SUFFIX)
            ? topic.substring(0, topic.length() - DEAD_LETTER_SUFFIX.length())
            : topic;
    return (sharesTopic(data.getClass()) ? byTopicAndRecordName : byTopicName)
        .serialize(subjectTopic, data);
  }

  private static boolean sharesTopic(Class<?> type) {
    for (TopicSpec spec : Topics.ALL) {
      if (spec.valueTypes().contains(type)) {
        return spec.multipleValueTypes();
      }
    }
    return false;
  }

  @Override
  public void close() {
    byTopicName.close();
    byTopicAndRecordName.close();
  }
}

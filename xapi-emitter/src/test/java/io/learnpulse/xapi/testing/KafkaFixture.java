package io.learnpulse.xapi.testing;

import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.infra.Infrastructure;
import io.learnpulse.schemas.serde.AvroSerdeConfig;
import io.learnpulse.schemas.serde.AvroSerializer;
import io.learnpulse.schemas.topics.CatalogSchemas;
import io.learnpulse.schemas.topics.Topics;
import io.learnpulse.xapi.statement.XapiMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The catalog's topics and schemas on the shared broker and registry, producers writing events as
 * the services do (the project's AvroSerializer, TopicRecordNameStrategy on the activity topic,
 * auto-registration off), and an Admin client reading a consumer group's committed offsets.
 */
public final class KafkaFixture implements AutoCloseable {

  private final Infrastructure infrastructure;
  private final Admin admin;
  private final KafkaProducer<String, Object> activity;
  private final KafkaProducer<String, Object> topicStatus;

  /** Creates the catalog's topics and registers its schemas (both idempotent). */
  public KafkaFixture(Infrastructure infrastructure) throws Exception {
    this.infrastructure = infrastructure;
    this.admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers()));
    infrastructure.prepareCatalog();
    this.activity = producer(infrastructure, true);
    this.topicStatus = producer(infrastructure, false);
  }

  /** The broker's bootstrap servers. */
  public String bootstrapServers() {
    return infrastructure.bootstrapServers();
  }

  /** The registry's URL. */
  public String schemaRegistryUrl() {
    return infrastructure.schemaRegistryUrl();
  }

  /** Writes each event to its topic, keyed as the producers key it; returns where each went. */
  public List<RecordMetadata> produce(List<? extends SpecificRecord> events) throws Exception {
    List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>();
    for (SpecificRecord event : events) {
      if (event instanceof TopicStatus status) {
        sent.add(
            topicStatus.send(
                new ProducerRecord<>(
                    Topics.TOPIC_STATUS.name(),
                    Topics.topicStatusKey(status.getRegistrationId(), status.getTopicId()),
                    status)));
      } else {
        sent.add(
            activity.send(
                new ProducerRecord<>(
                    Topics.ACTIVITY.name(), XapiMapper.registrationOf(event).toString(), event)));
      }
    }
    activity.flush();
    topicStatus.flush();
    List<RecordMetadata> written = new ArrayList<>();
    for (var future : sent) {
      written.add(future.get());
    }
    return written;
  }

  /** The group's committed offset of every partition of the two source topics (0 if none). */
  public Map<TopicPartition, Long> committed(String groupId) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, Long> out = new HashMap<>();
    for (TopicPartition tp : sourcePartitions()) {
      OffsetAndMetadata om = offsets.get(tp);
      out.put(tp, om == null ? 0L : om.offset());
    }
    return out;
  }

  /** The log end offset of every partition of the two source topics. */
  public Map<TopicPartition, Long> endOffsets() throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    sourcePartitions().forEach(tp -> request.put(tp, OffsetSpec.latest()));
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
        admin.listOffsets(request).all().get();
    Map<TopicPartition, Long> out = new HashMap<>();
    ends.forEach((tp, info) -> out.put(tp, info.offset()));
    return out;
  }

  private static List<TopicPartition> sourcePartitions() {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(Topics.ACTIVITY.name(), Topics.TOPIC_STATUS.name())) {
      for (int p = 0; p < Topics.REGISTRATION_PARTITIONS; p++) {
        partitions.add(new TopicPartition(topic, p));
      }
    }
    return partitions;
  }

  private static KafkaProducer<String, Object> producer(
      Infrastructure infrastructure, boolean activityTopic) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, infrastructure.schemaRegistryUrl());
    config.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false);
    config.put(
        AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
        CatalogSchemas.valueStrategy(activityTopic ? Topics.ACTIVITY : Topics.TOPIC_STATUS).name());
    AvroSerializer<Object> values = new AvroSerializer<>();
    values.configure(config, false);
    return new KafkaProducer<>(config, new StringSerializer(), values);
  }

  @Override
  public void close() {
    activity.close();
    topicStatus.close();
    admin.close();
  }
}

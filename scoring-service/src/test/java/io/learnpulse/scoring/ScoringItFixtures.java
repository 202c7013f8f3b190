package io.learnpulse.scoring;

import io.learnpulse.events.v1.AssignmentPolicy;
import io.learnpulse.events.v1.TopicDefinition;
import io.learnpulse.infra.Infrastructure;
import io.learnpulse.schemas.serde.AvroSerdeConfig;
import io.learnpulse.schemas.serde.AvroSerializer;
import io.learnpulse.schemas.topics.CatalogSchemas;
import io.learnpulse.schemas.topics.TopicSpec;
import io.learnpulse.scoring.topology.Activity;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/** What the scoring-service ITs send to the embedded broker: a policy, activity, a producer. */
final class ScoringItFixtures {

  private ScoringItFixtures() {}

  /** Version 1 of {@code assignment}: STANDARD, topic {@link Activity#TOPIC} with a and b. */
  static AssignmentPolicy policy(String assignment) {
    return AssignmentPolicy.newBuilder()
        .setAssignmentId(assignment)
        .setTenantId(Activity.TENANT)
        .setVersion(1)
        .setTopics(
            List.of(
                TopicDefinition.newBuilder()
                    .setTopicId(Activity.TOPIC)
                    .setChallengeIds(List.of("a", "b"))
                    .build()))
        .setPublishedAt(Instant.now())
        .build();
  }

  /** Points a test record at this run's assignment, so earlier runs on the broker do not matter. */
  static SpecificRecord retarget(SpecificRecord record, String assignment) {
    int field = record.getSchema().getField("assignmentId").pos();
    record.put(field, assignment);
    return record;
  }

  /** A producer of {@code topic}'s Avro values, as the services write them (no auto-register). */
  static KafkaProducer<String, Object> avroProducer(
      Infrastructure infrastructure, TopicSpec topic) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, infrastructure.schemaRegistryUrl());
    config.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false);
    config.put(
        AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, CatalogSchemas.valueStrategy(topic).name());
    AvroSerializer<Object> values = new AvroSerializer<>();
    values.configure(config, false);
    return new KafkaProducer<>(config, new StringSerializer(), values);
  }
}

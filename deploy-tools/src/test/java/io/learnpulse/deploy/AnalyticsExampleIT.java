package io.learnpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.infra.Infrastructure;
import io.learnpulse.infra.junit.LearnPulseInfrastructure;
import io.learnpulse.schemas.samples.WorkedExample;
import io.learnpulse.schemas.serde.AvroSerdeConfig;
import io.learnpulse.schemas.serde.AvroSerializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * docs/analytics.md's worked example (kafkajs + Confluent's JavaScript registry client, {@code
 * src/test/node/analytics-example.mjs}) against a topic written like topic-status: in Kafka
 * transactions, one of them aborted. It prints exactly the committed records and stops at the end
 * although the end offset is a transaction marker.
 */
@LearnPulseInfrastructure
class AnalyticsExampleIT {

  @Test
  void workedExamplePrintsTheCommittedRecordsAndStopsAtTheEnd(Infrastructure infra)
      throws Exception {
    String topic = "analytics-example-" + UUID.randomUUID();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", infra.bootstrapServers()))) {
      admin
          .createTopics(List.of(new NewTopic(topic, 2, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    List<String> committed = new ArrayList<>();
    try (KafkaProducer<String, Object> producer = producer(infra)) {
      producer.initTransactions();
      for (int round = 0; round < 3; round++) {
        producer.beginTransaction();
        for (int i = 0; i < 4; i++) {
          String key = "registration-" + round + "-" + i + ":injection";
          producer.send(new ProducerRecord<>(topic, key, status()));
          committed.add(key);
        }
        producer.commitTransaction();
      }
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "aborted:injection", status()));
      producer.flush();
      producer.abortTransaction();
    }

    DeployFixtures.Result result =
        DeployFixtures.run(
            DeployFixtures.nodeDir(),
            List.of(
                "env",
                "BROKERS=" + infra.bootstrapServers(),
                "REGISTRY=" + infra.schemaRegistryUrl(),
                "TOPIC=" + topic,
                "timeout",
                "120",
                "node",
                "analytics-example.mjs"));

    assertThat(result.exitCode()).as(result.output()).isZero();
    List<String> lines = result.output().lines().filter(l -> l.startsWith("{")).toList();
    assertThat(lines).hasSize(committed.size());
    for (String key : committed) {
      assertThat(lines)
          .anyMatch(
              l -> l.contains("\"key\":\"" + key + "\"") && l.contains("\"scaledScore\":0.875"));
    }
    assertThat(result.output()).doesNotContain("aborted:injection");
  }

  private static TopicStatus status() {
    return WorkedExample.topicStatus().build();
  }

  private static KafkaProducer<String, Object> producer(Infrastructure infra) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "analytics-example-" + UUID.randomUUID());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class);
    config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, infra.schemaRegistryUrl());
    config.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, true);
    return new KafkaProducer<>(config);
  }
}

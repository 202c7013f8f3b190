package io.learnpulse.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.learnpulse.infra.TestDirs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KraftBrokerIT {

  @Test
  void producesAndConsumesOnAFreshBroker() throws Exception {
    try (KraftBroker broker = KraftBroker.builder().build().start()) {
      assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
      broker.createTopics(List.of(new NewTopic("plain", 3, (short) 1)));
      // Idempotent: the second call with an existing topic is fine.
      broker.createTopics(List.of(new NewTopic("plain", 3, (short) 1)));

      try (KafkaProducer<String, String> producer = producer(broker, Map.of())) {
        for (int i = 0; i < 10; i++) {
          producer.send(new ProducerRecord<>("plain", "k" + i, "v" + i)).get();
        }
      }
      assertThat(consumeAll(broker, "plain", "read_uncommitted", 10))
          .hasSize(10)
          .contains("v0", "v9");

      try (Admin admin = broker.admin()) {
        TopicDescription description =
            admin.describeTopics(Set.of("plain")).allTopicNames().get().get("plain");
        assertThat(description.partitions()).hasSize(3);
        assertThat(admin.listTopics().names().get()).doesNotContain("never-created");
      }
    }
  }

  @Test
  void defaultPartitionCountIsThreeAndAutoCreateIsOff() throws Exception {
    try (KraftBroker broker = KraftBroker.builder().build().start();
        Admin admin = broker.admin()) {
      broker.createTopics(List.of(new NewTopic("defaults", Optional.empty(), Optional.empty())));
      assertThat(
              TopicReadiness.await(admin, Set.of("defaults"), Duration.ofSeconds(30))
                  .get("defaults")
                  .partitions())
          .hasSize(3);
      ConfigResource brokerResource = new ConfigResource(ConfigResource.Type.BROKER, "1");
      Config config = admin.describeConfigs(Set.of(brokerResource)).all().get().get(brokerResource);
      assertThat(config.get("auto.create.topics.enable").value()).isEqualTo("false");
      assertThat(config.get("num.partitions").value()).isEqualTo("3");
      assertThat(config.get("transaction.state.log.min.isr").value()).isEqualTo("1");
      assertThat(config.get("group.initial.rebalance.delay.ms").value()).isEqualTo("0");
    }
  }

  @Test
  void transactionalProducerCommitsAndAborts() throws Exception {
    try (KraftBroker broker = KraftBroker.builder().build().start()) {
      broker.createTopics(List.of(new NewTopic("tx", 1, (short) 1)));
      try (KafkaProducer<String, String> producer =
          producer(
              broker, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + UUID.randomUUID()))) {
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("tx", "a", "committed-1"));
        producer.send(new ProducerRecord<>("tx", "a", "committed-2"));
        producer.commitTransaction();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("tx", "a", "aborted"));
        producer.flush();
        producer.abortTransaction();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("tx", "a", "committed-3"));
        producer.commitTransaction();
      }
      assertThat(consumeAll(broker, "tx", "read_committed", 3))
          .containsExactly("committed-1", "committed-2", "committed-3");
    }
  }

  @Test
  void keepsClusterIdTopicsAndRecordsAcrossARestartOnTheSameDirectory() throws Exception {
    Path dataDir = TestDirs.fresh("restart-");
    String clusterId;
    int brokerPort;
    int controllerPort;
    try (KraftBroker broker = KraftBroker.builder().dataDir(dataDir).build().start()) {
      clusterId = broker.clusterId();
      brokerPort = broker.brokerPort();
      controllerPort = broker.controllerPort();
      broker.createTopics(List.of(new NewTopic("durable", 2, (short) 1)));
      try (KafkaProducer<String, String> producer = producer(broker, Map.of())) {
        producer.send(new ProducerRecord<>("durable", "k", "before-restart")).get();
      }
    }

    try (KraftBroker broker =
        KraftBroker.builder()
            .dataDir(dataDir)
            .brokerPort(brokerPort)
            .controllerPort(controllerPort)
            .build()
            .start()) {
      assertThat(broker.clusterId()).isEqualTo(clusterId);
      assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + brokerPort);
      broker.createTopics(List.of(new NewTopic("durable", 2, (short) 1)));
      try (KafkaProducer<String, String> producer = producer(broker, Map.of())) {
        producer.send(new ProducerRecord<>("durable", "k", "after-restart")).get();
      }
      assertThat(consumeAll(broker, "durable", "read_uncommitted", 2))
          .containsExactly("before-restart", "after-restart");
    }
  }

  private static KafkaProducer<String, String> producer(
      KraftBroker broker, Map<String, Object> extra) {
    Map<String, Object> config = new java.util.HashMap<>(extra);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  private static List<String> consumeAll(
      KraftBroker broker, String topic, String isolation, int expected) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            broker.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG,
            "test-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            isolation);
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (ConsumerRecord<String, String> record :
                    consumer.poll(Duration.ofMillis(200))) {
                  values.add(record.value());
                }
                return values.size() >= expected;
              });
      // One more poll to catch anything beyond the expected count (for example aborted records).
      consumer.poll(Duration.ofMillis(500)).forEach(record -> values.add(record.value()));
    }
    return values;
  }
}

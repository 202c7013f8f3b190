package io.learnpulse.infra.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.learnpulse.infra.Infrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@LearnPulseInfrastructure
class InfrastructureExtensionIT {

  private final Infrastructure fromConstructor;

  InfrastructureExtensionIT(Infrastructure infrastructure) {
    this.fromConstructor = infrastructure;
  }

  @Test
  void injectsTheSharedInfrastructure(Infrastructure infrastructure) {
    assertThat(infrastructure).isEqualTo(fromConstructor).isEqualTo(Infrastructure.shared());
    assertThat(infrastructure.bootstrapServers()).startsWith("127.0.0.1:");
    assertThat(infrastructure.schemaRegistryUrl()).startsWith("http://127.0.0.1:");
    assertThat(infrastructure.jdbcUrl()).startsWith("jdbc:postgresql://").contains("/learnpulse");
    assertThat(infrastructure.springProperties())
        .containsEntry("spring.kafka.bootstrap-servers", infrastructure.bootstrapServers())
        .containsEntry("spring.datasource.url", infrastructure.jdbcUrl());
  }

  @Test
  void preparesTheCatalogsTopicsAndSchemasAndCanDoItAgain(Infrastructure infrastructure)
      throws Exception {
    infrastructure.prepareCatalog().prepareCatalog();

    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers()))) {
      assertThat(admin.listTopics().names().get())
          .containsAll(
              io.learnpulse.schemas.topics.Topics.newTopics((short) 1).stream()
                  .map(NewTopic::name)
                  .toList());
    }
    HttpResponse<String> subjects =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(infrastructure.schemaRegistryUrl() + "/subjects"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    for (String subject : io.learnpulse.schemas.topics.CatalogSchemas.subjects().keySet()) {
      assertThat(subjects.body()).contains("\"" + subject + "\"");
    }
  }

  @Test
  void kafkaWorks(Infrastructure infrastructure) throws Exception {
    String topic = "extension-" + UUID.randomUUID();
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      producer.send(new ProducerRecord<>(topic, "k", "hello")).get();
    }
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "extension-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                return !values.isEmpty();
              });
    }
    assertThat(values).containsExactly("hello");
  }

  @Test
  void postgresWorks(Infrastructure infrastructure) throws Exception {
    try (Connection connection =
            DriverManager.getConnection(
                infrastructure.jdbcUrl(),
                infrastructure.jdbcUsername(),
                infrastructure.jdbcPassword());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT 1")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void theRegistryIsKafkaBacked(Infrastructure infrastructure) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    String subject = "extension-" + UUID.randomUUID() + "-value";
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(
                    URI.create(
                        infrastructure.schemaRegistryUrl() + "/subjects/" + subject + "/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"\\\"string\\\"\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).matches("\\{\"id\":\\d+}");
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers()))) {
      assertThat(admin.listTopics().names().get()).contains("_schemas");
    }
  }
}

package io.learnpulse.infra.registry;

import static io.learnpulse.infra.registry.Schemas.COURSE;
import static io.learnpulse.infra.registry.Schemas.USER_REQUIRED_AGE;
import static io.learnpulse.infra.registry.Schemas.USER_V1;
import static io.learnpulse.infra.registry.Schemas.USER_V2;
import static io.learnpulse.infra.registry.Schemas.USER_WITHOUT_NAME;
import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.infra.kafka.KraftBroker;
import io.learnpulse.infra.registry.RegistryHttp.Reply;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KafkaBackedSchemaRegistryIT {

  private static KraftBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = KraftBroker.builder().build().start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void keepsIdsVersionsDeletesAndConfigAcrossAServerRestart() throws Exception {
    String topic = "_schemas_restart";
    int port;
    try (SchemaRegistryServer server =
        SchemaRegistryServer.builder()
            .schemaLog(KafkaSchemaLog.open(broker.bootstrapServers(), topic))
            .build()
            .start()) {
      port = server.port();
      RegistryHttp http = new RegistryHttp(server.url());
      assertThat(http.register("users-value", USER_V1).body()).isEqualTo("{\"id\":1}");
      assertThat(http.register("users-value", USER_V2).body()).isEqualTo("{\"id\":2}");
      assertThat(http.register("courses-value", COURSE).body()).isEqualTo("{\"id\":3}");
      assertThat(http.register("copy-value", USER_V1).body()).isEqualTo("{\"id\":1}");
      http.delete("/subjects/copy-value");
      http.put("/config", "{\"compatibility\":\"FULL\"}");
      http.put("/config/courses-value", "{\"compatibility\":\"NONE\"}");
      http.put("/config/users-value", "{\"compatibility\":\"FORWARD\"}");
      http.delete("/config/users-value");
      // Rejected: stores nothing in the topic either.
      assertThat(http.register("users-value", USER_REQUIRED_AGE).status()).isEqualTo(409);
    }

    try (SchemaRegistryServer server =
        SchemaRegistryServer.builder()
            .schemaLog(KafkaSchemaLog.open(broker.bootstrapServers(), topic))
            .port(port)
            .build()
            .start()) {
      RegistryHttp http = new RegistryHttp(server.url());
      assertThat(server.url()).endsWith(":" + port);
      assertThat(http.get("/subjects").body()).isEqualTo("[\"courses-value\",\"users-value\"]");
      assertThat(http.get("/subjects/users-value/versions").body()).isEqualTo("[1,2]");
      assertThat(http.get("/subjects/users-value/versions/2").json().get("id").asInt())
          .isEqualTo(2);
      assertThat(http.get("/subjects/courses-value/versions/latest").json().get("id").asInt())
          .isEqualTo(3);
      assertThat(http.get("/schemas/ids/1").status()).isEqualTo(200);
      assertThat(http.get("/subjects/copy-value/versions").status()).isEqualTo(404);
      assertThat(http.get("/config").body()).isEqualTo("{\"compatibilityLevel\":\"FULL\"}");
      assertThat(http.get("/config/courses-value").body())
          .isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
      assertThat(http.get("/config/users-value").status()).isEqualTo(404);

      // Re-registering finds the old id; a new schema takes the next id; versions continue.
      assertThat(http.register("users-value", USER_V2).body()).isEqualTo("{\"id\":2}");
      assertThat(http.register("courses-value", USER_WITHOUT_NAME).body()).isEqualTo("{\"id\":4}");
      assertThat(http.register("copy-value", USER_V1).body()).isEqualTo("{\"id\":1}");
      assertThat(http.get("/subjects/copy-value/versions").body()).isEqualTo("[2]");
    }

    try (Admin admin = broker.admin()) {
      TopicDescription description =
          admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic);
      assertThat(description.partitions()).hasSize(1);
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Map<ConfigResource, Config> configs = admin.describeConfigs(Set.of(resource)).all().get();
      assertThat(configs.get(resource).get("cleanup.policy").value()).isEqualTo("compact");
    }
  }

  @Test
  void theDefaultFactoryUsesTheSchemasTopic() throws Exception {
    try (SchemaRegistryServer server =
        SchemaRegistryServer.kafkaBacked(broker.bootstrapServers())) {
      RegistryHttp http = new RegistryHttp(server.url());
      assertThat(http.register("defaults-value", COURSE).status()).isEqualTo(200);
    }
    try (Admin admin = broker.admin()) {
      assertThat(admin.listTopics().names().get()).contains(KafkaSchemaLog.DEFAULT_TOPIC);
    }
  }

  @Test
  void aBrokerOutageIsA50001StoreErrorAndChangesNothing() {
    try (KraftBroker ownBroker = KraftBroker.builder().build().start();
        SchemaRegistryServer server =
            SchemaRegistryServer.kafkaBacked(ownBroker.bootstrapServers())) {
      RegistryHttp http = new RegistryHttp(server.url());
      assertThat(http.register("users-value", USER_V1).status()).isEqualTo(200);

      ownBroker.close();

      Reply failed = http.register("users-value", USER_V2);
      assertThat(failed.status()).isEqualTo(500);
      assertThat(failed.errorCode()).isEqualTo(50001);
      assertThat(failed.json().get("message").asText()).contains("_schemas");
      assertThat(http.get("/subjects/users-value/versions").body()).isEqualTo("[1]");
      assertThat(http.get("/schemas/ids/2").status()).isEqualTo(404);
    }
  }
}

package io.learnpulse.infra;

import io.learnpulse.schemas.registry.RestSchemaRegistryClient;
import io.learnpulse.schemas.topics.CatalogSchemas;
import io.learnpulse.schemas.topics.Topics;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Where the running infrastructure is: Kafka, the schema registry and PostgreSQL.
 *
 * @param bootstrapServers Kafka bootstrap servers, {@code host:port}
 * @param schemaRegistryUrl base URL of the Confluent-API schema registry
 * @param jdbcUrl JDBC URL of the {@code learnpulse} database
 * @param jdbcUsername database user
 * @param jdbcPassword database password
 */
public record Infrastructure(
    String bootstrapServers,
    String schemaRegistryUrl,
    String jdbcUrl,
    String jdbcUsername,
    String jdbcPassword) {

  /** Checks that every field is present. */
  public Infrastructure {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(jdbcUsername, "jdbcUsername");
    Objects.requireNonNull(jdbcPassword, "jdbcPassword");
  }

  /**
   * Returns the infrastructure shared by every test of this JVM, starting it on first use.
   *
   * <p>Embedded (KRaft broker, PostgreSQL, Kafka-backed registry) by default; Testcontainers when a
   * Docker engine is found or {@code -Dlearnpulse.infra=testcontainers}; {@code
   * -Dlearnpulse.infra=embedded} forces the embedded path. It stops when the JVM exits.
   *
   * @return the shared infrastructure
   */
  public static Infrastructure shared() {
    return SharedInfrastructure.get();
  }

  /**
   * Returns the usual Spring Boot properties pointing at this infrastructure, for a
   * {@code @DynamicPropertySource} method: {@code spring.kafka.bootstrap-servers}, {@code
   * spring.kafka.properties.schema.registry.url} and {@code
   * spring.datasource.url/username/password}.
   *
   * @return property names and values
   */
  public Map<String, String> springProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("spring.kafka.bootstrap-servers", bootstrapServers);
    properties.put("spring.kafka.properties.schema.registry.url", schemaRegistryUrl);
    properties.put("spring.datasource.url", jdbcUrl);
    properties.put("spring.datasource.username", jdbcUsername);
    properties.put("spring.datasource.password", jdbcPassword);
    return properties;
  }

  /**
   * Makes the broker and registry ready the way a deployment makes production ready: every topic of
   * the catalog exists (one replica) and every catalog schema is registered, so a service can run
   * with auto-registration off. Idempotent: existing topics and schemas are left as they are.
   */
  public Infrastructure prepareCatalog() {
    createTopics(Topics.newTopics((short) 1));
    CatalogSchemas.registerAll(RestSchemaRegistryClient.of(schemaRegistryUrl));
    return this;
  }

  /** Creates those of {@code topics} that do not exist yet. */
  public void createTopics(Collection<NewTopic> topics) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      for (Map.Entry<String, KafkaFuture<Void>> created :
          admin.createTopics(topics).values().entrySet()) {
        try {
          created.getValue().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + created.getKey(), e);
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("topics not created within 60 s", e);
    }
  }
}

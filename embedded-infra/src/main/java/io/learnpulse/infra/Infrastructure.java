package io.learnpulse.infra;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

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
}

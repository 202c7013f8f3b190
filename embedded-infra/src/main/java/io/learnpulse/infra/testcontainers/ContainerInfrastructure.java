package io.learnpulse.infra.testcontainers;

import io.learnpulse.infra.Infrastructure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The same infrastructure on Testcontainers: Apache Kafka (native image, KRaft), PostgreSQL and
 * Confluent Schema Registry, on one Docker network.
 *
 * <p>Used only where a Docker engine is available. The build machines here have none, so this path
 * is not exercised by this module's tests: treat it as untested. Images can be overridden with the
 * system properties {@code learnpulse.infra.kafka-image}, {@code learnpulse.infra.postgres-image}
 * and {@code learnpulse.infra.schema-registry-image}.
 */
public final class ContainerInfrastructure implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ContainerInfrastructure.class);
  private static final String KAFKA_ALIAS = "kafka";
  private static final String KAFKA_INTERNAL = KAFKA_ALIAS + ":19092";
  private static final int REGISTRY_PORT = 8081;

  private final Network network;
  private final KafkaContainer kafka;
  private final PostgreSQLContainer postgres;
  private final GenericContainer<?> registry;

  private ContainerInfrastructure(
      Network network,
      KafkaContainer kafka,
      PostgreSQLContainer postgres,
      GenericContainer<?> registry) {
    this.network = network;
    this.kafka = kafka;
    this.postgres = postgres;
    this.registry = registry;
  }

  /**
   * Tells whether Testcontainers finds a working Docker engine; never throws.
   *
   * @return true when containers can be started
   */
  public static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable e) {
      log.debug("No Docker engine: {}", e.toString());
      return false;
    }
  }

  /**
   * Starts the three containers.
   *
   * @return the running infrastructure
   */
  @SuppressWarnings("resource")
  public static ContainerInfrastructure start() {
    Network network = Network.newNetwork();
    KafkaContainer kafka =
        new KafkaContainer(image("kafka-image", "apache/kafka-native:4.1.0"))
            .withNetwork(network)
            .withNetworkAliases(KAFKA_ALIAS)
            .withListener(KAFKA_INTERNAL)
            .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
            .withEnv("KAFKA_NUM_PARTITIONS", "3")
            .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
            .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
            .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
            .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1");
    PostgreSQLContainer postgres =
        new PostgreSQLContainer(image("postgres-image", "postgres:17-alpine"))
            .withDatabaseName("learnpulse")
            .withNetwork(network);
    GenericContainer<?> registry =
        new GenericContainer<>(
                image("schema-registry-image", "confluentinc/cp-schema-registry:7.9.0"))
            .withNetwork(network)
            .withExposedPorts(REGISTRY_PORT)
            .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
            .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:" + REGISTRY_PORT)
            .withEnv(
                "SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://" + KAFKA_INTERNAL)
            .dependsOn(kafka)
            .waitingFor(Wait.forHttp("/subjects").forStatusCode(200));
    ContainerInfrastructure infrastructure =
        new ContainerInfrastructure(network, kafka, postgres, registry);
    try {
      kafka.start();
      postgres.start();
      registry.start();
    } catch (RuntimeException e) {
      infrastructure.close();
      throw e;
    }
    log.info("Container infrastructure up: {}", infrastructure.infrastructure());
    return infrastructure;
  }

  /**
   * Returns the connection details.
   *
   * @return the infrastructure value
   */
  public Infrastructure infrastructure() {
    return new Infrastructure(
        kafka.getBootstrapServers(),
        "http://" + registry.getHost() + ":" + registry.getMappedPort(REGISTRY_PORT),
        postgres.getJdbcUrl(),
        postgres.getUsername(),
        postgres.getPassword());
  }

  /** Stops the containers and removes the network. */
  @Override
  public void close() {
    registry.stop();
    postgres.stop();
    kafka.stop();
    network.close();
  }

  private static String image(String property, String defaultImage) {
    return System.getProperty("learnpulse.infra." + property, defaultImage);
  }
}

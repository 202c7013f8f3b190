package io.learnpulse.infra;

import io.learnpulse.infra.kafka.KraftBroker;
import io.learnpulse.infra.postgres.EmbeddedPostgresServer;
import io.learnpulse.infra.registry.SchemaRegistryServer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole embedded infrastructure in this JVM: a KRaft broker, PostgreSQL and the Kafka-backed
 * schema registry, each on a fresh temporary directory and free ports.
 */
public final class EmbeddedInfrastructure implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedInfrastructure.class);

  private final KraftBroker broker;
  private final EmbeddedPostgresServer postgres;
  private final SchemaRegistryServer registry;

  private EmbeddedInfrastructure(
      KraftBroker broker, EmbeddedPostgresServer postgres, SchemaRegistryServer registry) {
    this.broker = broker;
    this.postgres = postgres;
    this.registry = registry;
  }

  /**
   * Starts the broker and PostgreSQL side by side, then the registry on the broker.
   *
   * @return the running infrastructure
   */
  public static EmbeddedInfrastructure start() {
    long started = System.nanoTime();
    CompletableFuture<EmbeddedPostgresServer> postgres =
        CompletableFuture.supplyAsync(() -> EmbeddedPostgresServer.builder().build().start());
    KraftBroker broker = null;
    SchemaRegistryServer registry = null;
    try {
      broker = KraftBroker.builder().build().start();
      registry = SchemaRegistryServer.kafkaBacked(broker.bootstrapServers());
      EmbeddedInfrastructure infrastructure =
          new EmbeddedInfrastructure(broker, postgres.join(), registry);
      log.info(
          "Embedded infrastructure up in {} ms: {}",
          (System.nanoTime() - started) / 1_000_000,
          infrastructure.infrastructure());
      return infrastructure;
    } catch (RuntimeException e) {
      closeQuietly(registry);
      closeQuietly(broker);
      try {
        closeQuietly(postgres.join());
      } catch (CompletionException postgresFailure) {
        if (postgresFailure != e) {
          e.addSuppressed(postgresFailure.getCause());
        }
      }
      throw e;
    }
  }

  /**
   * Returns the connection details.
   *
   * @return the infrastructure value
   */
  public Infrastructure infrastructure() {
    return new Infrastructure(
        broker.bootstrapServers(),
        registry.url(),
        postgres.jdbcUrl(),
        postgres.username(),
        postgres.password());
  }

  /**
   * Returns the broker.
   *
   * @return the broker
   */
  public KraftBroker broker() {
    return broker;
  }

  /**
   * Returns PostgreSQL.
   *
   * @return the database server
   */
  public EmbeddedPostgresServer postgres() {
    return postgres;
  }

  /**
   * Returns the schema registry.
   *
   * @return the registry server
   */
  public SchemaRegistryServer registry() {
    return registry;
  }

  /** Stops the registry, the broker and PostgreSQL. */
  @Override
  public void close() {
    closeQuietly(registry);
    closeQuietly(broker);
    closeQuietly(postgres);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      log.warn("Could not stop {}", closeable, e);
    }
  }
}

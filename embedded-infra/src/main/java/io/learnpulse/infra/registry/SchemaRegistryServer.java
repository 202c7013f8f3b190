package io.learnpulse.infra.registry;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process HTTP server speaking the Confluent Schema Registry REST API (Avro schemas) on
 * 127.0.0.1, backed by a {@link SchemaRegistry} over a {@link SchemaLog}.
 *
 * <p>{@link #inMemory()} is the fast variant for unit tests; {@link #kafkaBacked(String)} keeps
 * schemas in the {@code _schemas} topic so ids survive restarts. The server owns its log and closes
 * it on {@link #close()}.
 */
public final class SchemaRegistryServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SchemaRegistryServer.class);
  private static final String HOST = "127.0.0.1";
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final SchemaLog schemaLog;
  private final SchemaRegistry registry;
  private final int requestedPort;
  private final int threads;
  private HttpServer server;
  private ExecutorService executor;

  private SchemaRegistryServer(Builder builder) {
    this.schemaLog = Objects.requireNonNull(builder.schemaLog, "schemaLog");
    this.requestedPort = builder.port;
    this.threads = builder.threads;
    try {
      this.registry = new SchemaRegistry(schemaLog);
    } catch (RuntimeException e) {
      schemaLog.close();
      throw e;
    }
  }

  /**
   * Starts a builder (port 0, 4 threads); a schema log must be given.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a server on a free port that keeps its schemas in memory only.
   *
   * @return the running server
   */
  public static SchemaRegistryServer inMemory() {
    return startOrClose(builder().schemaLog(new InMemorySchemaLog()).build());
  }

  /**
   * Starts a server on a free port that keeps its schemas in the {@code _schemas} topic.
   *
   * @param bootstrapServers the Kafka bootstrap servers
   * @return the running server
   */
  public static SchemaRegistryServer kafkaBacked(String bootstrapServers) {
    return kafkaBacked(bootstrapServers, 0);
  }

  /**
   * Starts a server on a given port that keeps its schemas in the {@code _schemas} topic.
   *
   * @param bootstrapServers the Kafka bootstrap servers
   * @param port the port, 0 for a free one
   * @return the running server
   */
  public static SchemaRegistryServer kafkaBacked(String bootstrapServers, int port) {
    return startOrClose(
        builder().schemaLog(KafkaSchemaLog.open(bootstrapServers)).port(port).build());
  }

  private static SchemaRegistryServer startOrClose(SchemaRegistryServer server) {
    try {
      return server.start();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /**
   * Binds the port and starts serving.
   *
   * @return this server
   */
  public synchronized SchemaRegistryServer start() {
    if (server != null) {
      throw new IllegalStateException("Schema registry already started");
    }
    int instance = INSTANCES.incrementAndGet();
    AtomicInteger threadCount = new AtomicInteger();
    ThreadFactory factory =
        runnable -> {
          Thread thread =
              new Thread(
                  runnable, "schema-registry-" + instance + "-" + threadCount.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    try {
      HttpServer http =
          HttpServer.create(new InetSocketAddress(InetAddress.getByName(HOST), requestedPort), 64);
      executor = Executors.newFixedThreadPool(threads, factory);
      http.setExecutor(executor);
      http.createContext("/", new RegistryHttpHandler(registry));
      http.start();
      server = http;
    } catch (IOException e) {
      if (executor != null) {
        executor.shutdownNow();
      }
      throw new UncheckedIOException(
          "Could not start the schema registry on port " + requestedPort, e);
    }
    log.info("Schema registry listening on {}", url());
    return this;
  }

  /**
   * Returns the base URL.
   *
   * @return {@code http://127.0.0.1:port}
   */
  public String url() {
    return "http://" + HOST + ":" + port();
  }

  /**
   * Returns the port the server listens on.
   *
   * @return the port
   */
  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("Schema registry not started");
    }
    return server.getAddress().getPort();
  }

  /**
   * Returns the registry behind the server, for direct use in the same JVM.
   *
   * @return the registry
   */
  public SchemaRegistry registry() {
    return registry;
  }

  /** Stops serving and closes the schema log. */
  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
      log.info("Schema registry stopped");
    }
    schemaLog.close();
  }

  /** Options of a {@link SchemaRegistryServer}. */
  public static final class Builder {
    private SchemaLog schemaLog;
    private int port;
    private int threads = 4;

    private Builder() {}

    /**
     * Sets where schemas are stored (required).
     *
     * @param schemaLog the log, owned by the server from now on
     * @return this builder
     */
    public Builder schemaLog(SchemaLog schemaLog) {
      this.schemaLog = Objects.requireNonNull(schemaLog, "schemaLog");
      return this;
    }

    /**
     * Sets the port (0, the default, picks a free one).
     *
     * @param port the port
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("Invalid port " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Sets the number of request threads (default 4).
     *
     * @param threads the thread count
     * @return this builder
     */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be positive");
      }
      this.threads = threads;
      return this;
    }

    /**
     * Builds the server, rebuilding the registry's state from the log; call {@link #start()}.
     *
     * @return the server
     */
    public SchemaRegistryServer build() {
      return new SchemaRegistryServer(this);
    }
  }
}

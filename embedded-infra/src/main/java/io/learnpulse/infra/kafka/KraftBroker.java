package io.learnpulse.infra.kafka;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka broker in KRaft combined mode (broker and controller in one
 * process), run in this JVM from Kafka's own server classes.
 *
 * <p>The metadata log and the data live in {@code dataDir}; it is formatted (with a new cluster id)
 * only when it holds no {@code meta.properties} yet, so a broker restarted on the same directory
 * keeps its cluster id, topics and records. Without a data directory a fresh one is created under
 * {@code java.io.tmpdir} and deleted on {@link #close()}.
 */
public final class KraftBroker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KraftBroker.class);
  private static final int NODE_ID = 1;
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final String BROKER_LISTENER = "PLAINTEXT";
  private static final String HOST = "127.0.0.1";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final Path dataDir;
  private final boolean deleteDataDirOnClose;
  private final int requestedBrokerPort;
  private final int requestedControllerPort;
  private final Map<String, String> properties;

  private KafkaRaftServer server;
  private int brokerPort;
  private int controllerPort;
  private String clusterId;

  private KraftBroker(Builder builder) {
    this.deleteDataDirOnClose = builder.dataDir == null;
    this.dataDir = builder.dataDir == null ? newTempDir() : builder.dataDir.toAbsolutePath();
    this.requestedBrokerPort = builder.brokerPort;
    this.requestedControllerPort = builder.controllerPort;
    this.properties = Map.copyOf(builder.properties);
  }

  /**
   * Starts a builder with the defaults: fresh data directory, free ports, 3 partitions per topic.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Formats the data directory if needed and starts the broker; returns once it accepts requests.
   *
   * @return this broker
   */
  public synchronized KraftBroker start() {
    if (server != null) {
      throw new IllegalStateException("Broker already started");
    }
    brokerPort = requestedBrokerPort == 0 ? FreePorts.pick() : requestedBrokerPort;
    controllerPort = requestedControllerPort == 0 ? FreePorts.pick() : requestedControllerPort;
    Path logDir = dataDir.resolve("kraft-logs");
    KafkaConfig config = new KafkaConfig(serverProperties(logDir), false);
    formatIfNeeded(logDir);
    KafkaRaftServer raftServer = new KafkaRaftServer(config, Time.SYSTEM);
    try {
      raftServer.startup();
    } catch (RuntimeException e) {
      raftServer.shutdown();
      raftServer.awaitShutdown();
      throw e;
    }
    server = raftServer;
    try (Admin admin = admin()) {
      clusterId = admin.describeCluster().clusterId().get(START_TIMEOUT.toMillis(), MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the broker", e);
    } catch (ExecutionException | TimeoutException e) {
      close();
      throw new IllegalStateException("Broker did not become ready", e);
    }
    log.info(
        "Kafka broker {} started on {} (controller port {}, data {})",
        clusterId,
        bootstrapServers(),
        controllerPort,
        dataDir);
    return this;
  }

  private Properties serverProperties(Path logDir) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    p.put(
        "listeners",
        BROKER_LISTENER
            + "://"
            + HOST
            + ":"
            + brokerPort
            + ","
            + CONTROLLER_LISTENER
            + "://"
            + HOST
            + ":"
            + controllerPort);
    p.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("inter.broker.listener.name", BROKER_LISTENER);
    p.put("log.dirs", logDir.toString());
    p.put("num.partitions", "3");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "5");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    // The cleaner is needed for compacted topics; its default 128 MiB buffer is far too much here.
    p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
    p.putAll(properties);
    Properties result = new Properties();
    result.putAll(p);
    return result;
  }

  private void formatIfNeeded(Path logDir) {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      log.info("Kafka data directory {} already formatted", logDir);
      return;
    }
    try {
      Files.createDirectories(logDir);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      String newClusterId = Uuid.randomUuid().toString();
      try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
        new Formatter()
            .setPrintStream(print)
            .setNodeId(NODE_ID)
            .setClusterId(newClusterId)
            .setDirectories(List.of(logDir.toString()))
            .setMetadataLogDirectory(logDir.toString())
            .setControllerListenerName(CONTROLLER_LISTENER)
            .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
            .run();
      }
      log.info(
          "Formatted Kafka data directory {} for cluster {}: {}",
          logDir,
          newClusterId,
          out.toString(StandardCharsets.UTF_8).trim());
    } catch (Exception e) {
      throw new IllegalStateException("Could not format Kafka data directory " + logDir, e);
    }
  }

  /**
   * Returns the bootstrap servers string of the running broker.
   *
   * @return {@code 127.0.0.1:port}
   */
  public String bootstrapServers() {
    requireStarted();
    return HOST + ":" + brokerPort;
  }

  /**
   * Returns the port of the client listener.
   *
   * @return the broker port
   */
  public int brokerPort() {
    requireStarted();
    return brokerPort;
  }

  /**
   * Returns the port of the controller (KRaft quorum) listener.
   *
   * @return the controller port
   */
  public int controllerPort() {
    requireStarted();
    return controllerPort;
  }

  /**
   * Returns the cluster id stored in the data directory.
   *
   * @return the cluster id
   */
  public String clusterId() {
    requireStarted();
    return clusterId;
  }

  /**
   * Returns the data directory.
   *
   * @return the directory holding the metadata log and the topic data
   */
  public Path dataDir() {
    return dataDir;
  }

  /**
   * Creates the topics that do not exist yet, and returns once every one of them is served;
   * existing topics are left as they are.
   *
   * @param topics the topics to create
   */
  public void createTopics(Collection<NewTopic> topics) {
    requireStarted();
    if (topics.isEmpty()) {
      return;
    }
    try (Admin admin = admin()) {
      Map<String, KafkaFuture<Void>> results = admin.createTopics(topics).values();
      for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
        try {
          result.getValue().get(START_TIMEOUT.toMillis(), MILLISECONDS);
          log.debug("Created topic {}", result.getKey());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("Could not create topic " + result.getKey(), e);
          }
        }
      }
      TopicReadiness.await(admin, results.keySet(), START_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Timed out creating topics", e);
    }
  }

  /**
   * Creates an admin client connected to this broker; the caller closes it.
   *
   * @return a new admin client
   */
  public Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers(),
            AdminClientConfig.CLIENT_ID_CONFIG,
            "kraft-broker-admin"));
  }

  /** Shuts the broker down and waits for it; deletes the data directory if it was temporary. */
  @Override
  public synchronized void close() {
    if (server != null) {
      log.info("Stopping Kafka broker on {}", bootstrapServers());
      server.shutdown();
      server.awaitShutdown();
      server = null;
      log.info("Kafka broker stopped");
    }
    if (deleteDataDirOnClose) {
      deleteRecursively(dataDir);
    }
  }

  private void requireStarted() {
    if (server == null) {
      throw new IllegalStateException("Broker not started");
    }
  }

  private static Path newTempDir() {
    try {
      Path base = Paths.get(System.getProperty("java.io.tmpdir"));
      Files.createDirectories(base);
      return Files.createTempDirectory(base, "kraft-").toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create a Kafka data directory", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      log.warn("Could not delete {}", dir, e);
    }
  }

  /** Options of a {@link KraftBroker}. */
  public static final class Builder {
    private Path dataDir;
    private int brokerPort;
    private int controllerPort;
    private final Map<String, String> properties = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Sets a fixed data directory kept across restarts (default: a temporary one).
     *
     * @param dataDir the directory
     * @return this builder
     */
    public Builder dataDir(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
      return this;
    }

    /**
     * Sets the client port (0, the default, picks a free one).
     *
     * @param port the port
     * @return this builder
     */
    public Builder brokerPort(int port) {
      this.brokerPort = requirePort(port);
      return this;
    }

    /**
     * Sets the controller port (0, the default, picks a free one).
     *
     * @param port the port
     * @return this builder
     */
    public Builder controllerPort(int port) {
      this.controllerPort = requirePort(port);
      return this;
    }

    /**
     * Sets the default partition count of new topics (default 3).
     *
     * @param numPartitions the partition count
     * @return this builder
     */
    public Builder numPartitions(int numPartitions) {
      if (numPartitions < 1) {
        throw new IllegalArgumentException("numPartitions must be positive");
      }
      return property("num.partitions", String.valueOf(numPartitions));
    }

    /**
     * Sets any broker property, overriding the defaults.
     *
     * @param key the property name
     * @param value its value
     * @return this builder
     */
    public Builder property(String key, String value) {
      properties.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
      return this;
    }

    /**
     * Builds the (not yet started) broker.
     *
     * @return the broker
     */
    public KraftBroker build() {
      return new KraftBroker(this);
    }

    private static int requirePort(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("Invalid port " + port);
      }
      return port;
    }
  }
}

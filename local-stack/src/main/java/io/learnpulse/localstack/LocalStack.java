package io.learnpulse.localstack;

import io.learnpulse.infra.kafka.KraftBroker;
import io.learnpulse.infra.oidc.DevIssuer;
import io.learnpulse.infra.oidc.DevUser;
import io.learnpulse.infra.postgres.EmbeddedPostgresServer;
import io.learnpulse.infra.registry.KafkaSchemaLog;
import io.learnpulse.infra.registry.SchemaRegistryServer;
import io.learnpulse.schemas.registry.RestSchemaRegistryClient;
import io.learnpulse.schemas.topics.CatalogSchemas;
import io.learnpulse.schemas.topics.Topics;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system on one machine: a real Kafka broker (KRaft), PostgreSQL, the Confluent-API
 * schema registry and the four services as child JVMs, all data under one directory so a restart
 * finds its topics, schema ids and database again. Run by {@code ./local-stack.sh}; stops
 * everything it started on SIGINT or SIGTERM.
 */
public final class LocalStack implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
  private static final Duration SERVICE_START_TIMEOUT = Duration.ofMinutes(10);

  private final LocalStackOptions options;
  private final List<AutoCloseable> started = new ArrayList<>();
  private final List<ServiceProcess> services = new ArrayList<>();
  private String adminToken;
  private Map<String, Integer> schemaIds;
  private DemoTenant demoTenant;
  private EmbeddedPostgresServer postgres;

  /** A stack that {@link #start()} starts. */
  public LocalStack(LocalStackOptions options) {
    this.options = options;
  }

  /** Starts everything, or stops what it started and throws. */
  public LocalStack start() throws Exception {
    try {
      startAll();
      return this;
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  private void startAll() throws Exception {
    LocalStackOptions.Ports ports = options.ports();
    Path data = options.dataDir();
    Files.createDirectories(data);

    DevIssuer issuer = DevIssuer.start(ports.oidc(), data.resolve("dev-issuer-key.pem"));
    started.add(issuer);
    issuer
        .registerClient(
            "learnpulse-console", URI.create("http://127.0.0.1:" + ports.lmsSync() + "/console/"))
        .registerClient(
            "learnpulse-console", URI.create("http://localhost:" + ports.lmsSync() + "/console/"))
        .addUser(new DevUser("demo-admin", "Demo admin", DemoTenant.TENANT, List.of("admin")))
        .addUser(
            new DevUser("demo-analyst", "Demo analyst", DemoTenant.TENANT, List.of("analyst")));
    adminToken = issuer.mint("local-operator", "*", List.of("admin"), Duration.ofHours(12));
    Files.writeString(data.resolve("admin-token"), adminToken, StandardCharsets.UTF_8);

    String internalToken = secret(data.resolve("internal-token"));

    KraftBroker broker =
        KraftBroker.builder()
            .dataDir(data.resolve("kafka"))
            .brokerPort(ports.kafka())
            .controllerPort(ports.controller())
            .build()
            .start();
    started.add(broker);
    broker.createTopics(Topics.newTopics((short) 1));

    SchemaRegistryServer registry =
        SchemaRegistryServer.builder()
            .schemaLog(KafkaSchemaLog.open(broker.bootstrapServers()))
            .port(ports.registry())
            .build()
            .start();
    started.add(registry);
    schemaIds = CatalogSchemas.registerAll(RestSchemaRegistryClient.of(registry.url()));

    postgres =
        EmbeddedPostgresServer.builder()
            .dataDir(data.resolve("postgres"))
            .workingDir(data.resolve("postgres-binaries"))
            .port(ports.postgres())
            .build()
            .start();
    started.add(postgres);

    String kafka = broker.bootstrapServers();
    String registryUrl = registry.url();
    String lmsSyncUrl = "http://127.0.0.1:" + ports.lmsSync();
    List<String> common =
        List.of(
            // development fallbacks (loopback public URLs, a signing key file created on first
            // start) are allowed only in the local/dev profile (docs/configuration.md)
            "--spring.profiles.active=local",
            "--spring.kafka.bootstrap-servers=" + kafka,
            "--spring.kafka.properties.schema.registry.url=" + registryUrl);
    Path logs = data.resolve("logs");

    services.add(
        start(
            "lms-sync-service",
            ports.lmsSync(),
            common,
            List.of(
                "--spring.datasource.url=" + postgres.jdbcUrl(),
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                "--learnpulse.lms-sync.issuer=" + lmsSyncUrl,
                "--learnpulse.lms-sync.schema-registry-url=" + registryUrl,
                "--learnpulse.lms-sync.admin.issuer-uri=" + issuer.issuerUri(),
                "--learnpulse.lms-sync.admin.audience=" + DevIssuer.AUDIENCE,
                "--learnpulse.lms-sync.internal-token=" + internalToken,
                "--learnpulse.lms-sync.signing-key-file="
                    + data.resolve("lms-sync-signing-key.json"),
                "--learnpulse.lms-sync.player-url=" + demoUrl() + "/player/",
                "--learnpulse.lms-sync.bridge.public-url=" + lmsSyncUrl,
                "--learnpulse.lms-sync.bridge.ingest-url=http://127.0.0.1:" + ports.ingest(),
                "--management.server.port=" + ports.lmsSyncManagement(),
                // the console's Health screen shows xapi-emitter's delivery state (ADR 0028)
                "--learnpulse.lms-sync.health.xapi-status-url=http://127.0.0.1:"
                    + ports.xapiManagement()
                    + "/actuator/xapi",
                // a developer's LRS runs on this machine (as xapi-emitter's outbound.allow below)
                "--learnpulse.lms-sync.lrs-allowed-hosts=127.0.0.1,localhost",
                // every simulated learner launches from 127.0.0.1: no per-source launch limit here
                "--learnpulse.lms-sync.launch.per-source-burst=1000000",
                "--learnpulse.lms-sync.launch.per-source-per-minute=1000000"),
            logs));
    services.add(
        start(
            "ingest-service",
            ports.ingest(),
            common,
            List.of(
                "--learnpulse.ingest.jwks-uri=" + lmsSyncUrl + "/.well-known/jwks.json",
                "--learnpulse.ingest.issuer=" + lmsSyncUrl,
                "--learnpulse.ingest.schema-registry-url=" + registryUrl,
                "--management.server.port=" + ports.ingestManagement()),
            logs));
    services.add(
        start(
            "scoring-service",
            ports.scoring(),
            common,
            List.of(
                "--learnpulse.scoring.schema-registry-url=" + registryUrl,
                "--learnpulse.scoring.state-dir=" + data.resolve("scoring-state"),
                "--learnpulse.scoring.status-auth.admin-issuer-uri=" + issuer.issuerUri(),
                "--learnpulse.scoring.status-auth.admin-audience=" + DevIssuer.AUDIENCE,
                "--learnpulse.scoring.status-auth.session-issuer=" + lmsSyncUrl,
                "--learnpulse.scoring.status-auth.session-jwk-set-uri="
                    + lmsSyncUrl
                    + "/.well-known/jwks.json",
                "--management.server.port=" + ports.scoringManagement()),
            logs));
    services.add(
        start(
            "xapi-emitter",
            ports.xapi(),
            common,
            List.of(
                "--learnpulse.xapi.schema-registry-url=" + registryUrl,
                "--learnpulse.xapi.tenant-source=lms-sync",
                "--learnpulse.xapi.lms-sync.base-url=" + lmsSyncUrl,
                "--learnpulse.xapi.lms-sync.internal-token=" + internalToken,
                // a developer's LRS runs on this machine; production allows none of 127/8
                "--learnpulse.xapi.outbound.allow=127.0.0.1/32",
                "--management.server.port=" + ports.xapiManagement()),
            logs));
    for (ServiceProcess service : services) {
      service.awaitReady(SERVICE_START_TIMEOUT);
      log.info("{} is ready at {}", service.name(), service.url());
    }

    demoTenant = new DemoTenant(lmsSyncUrl, adminToken);
    demoTenant.seed(demoUrl() + "/player/", List.of(demoUrl(), "http://localhost:" + ports.demo()));
    DemoServer demo = DemoServer.start(ports.demo(), demoTenant, data.resolve("demo-lms"));
    started.add(demo);
  }

  /** The demo LMS's and demo player's origin. */
  String demoUrl() {
    return "http://127.0.0.1:" + options.ports().demo();
  }

  /** Runs {@code learners} simulated learners against the demo tenant and prints a summary. */
  List<TrafficSimulator.Result> simulate(int learners) throws IOException, InterruptedException {
    Map<String, String> descriptors = new java.util.HashMap<>();
    for (String version : DemoTenant.SCORM_VERSIONS) {
      descriptors.put(version, demoTenant.descriptor(version));
    }
    System.out.printf("%nSimulating %d learners against tenant %s…%n", learners, DemoTenant.TENANT);
    return new TrafficSimulator(
            "http://127.0.0.1:" + options.ports().lmsSync(), descriptors, Duration.ofMillis(300))
        .run(learners, System.out);
  }

  private ServiceProcess start(
      String name, int port, List<String> common, List<String> own, Path logs) throws IOException {
    List<String> args = new ArrayList<>(common);
    args.addAll(own);
    ServiceProcess service =
        ServiceProcess.start(
            name,
            options.servicesDir().resolve(name + ".jar"),
            port,
            args,
            logs,
            heap(name),
            options.c2());
    started.add(service);
    return service;
  }

  /**
   * A service's maximum heap: 384 MB for development; in production mode ({@code --c2}, the
   * capacity run) what the manifests give it, 75% ({@code MaxRAMPercentage}) of the container's
   * memory limit in {@code deploy/base}.
   */
  private String heap(String service) {
    if (!options.c2()) {
      return "384m";
    }
    return switch (service) {
      case "lms-sync-service" -> "576m"; // 768Mi
      case "scoring-service" -> "768m"; // 1Gi
      default -> "384m"; // ingest-service and xapi-emitter: 512Mi
    };
  }

  /** lms-sync's base URL (launch API, bridge commit streams). */
  public String lmsSyncUrl() {
    return "http://127.0.0.1:" + options.ports().lmsSync();
  }

  /** The JDBC URL, user and password of lms-sync's database (the capacity run reads its outbox). */
  public List<String> postgresConnection() {
    return List.of(postgres.jdbcUrl(), postgres.username(), postgres.password());
  }

  /** The broker's bootstrap servers. */
  public String kafkaBootstrap() {
    return "127.0.0.1:" + options.ports().kafka();
  }

  /** The process id of every service JVM, by service name. */
  public Map<String, Long> servicePids() {
    Map<String, Long> pids = new LinkedHashMap<>();
    services.forEach(s -> pids.put(s.name(), s.pid()));
    return pids;
  }

  /** The demo topic's id and its challenge ids, in the demo player's order. */
  public static Map.Entry<String, List<String>> demoTopic() {
    return Map.entry(DemoTenant.TOPIC, DemoTenant.CHALLENGES);
  }

  /** The demo topic's launch descriptor (what a package carries) for each SCORM version. */
  public Map<String, String> demoDescriptors() throws IOException, InterruptedException {
    Map<String, String> descriptors = new LinkedHashMap<>();
    for (String version : DemoTenant.SCORM_VERSIONS) {
      descriptors.put(version, demoTenant.descriptor(version));
    }
    return descriptors;
  }

  /** What a person needs to use the stack. */
  String banner() {
    LocalStackOptions.Ports p = options.ports();
    StringBuilder out = new StringBuilder();
    out.append("\nLearnPulse local stack is up. Data: ").append(options.dataDir()).append('\n');
    out.append(String.format("  %-22s %s%n", "Kafka bootstrap", "127.0.0.1:" + p.kafka()));
    out.append(
        String.format("  %-22s %s%n", "Schema registry", "http://127.0.0.1:" + p.registry()));
    out.append(
        String.format(
            "  %-22s %s%n",
            "PostgreSQL", "jdbc:postgresql://127.0.0.1:" + p.postgres() + "/learnpulse"));
    for (ServiceProcess service : services) {
      out.append(String.format("  %-22s %s%n", service.name(), service.url()));
    }
    out.append(String.format("  %-22s %s%n", "Dev OIDC issuer", "http://127.0.0.1:" + p.oidc()))
        .append("  Admin API token (OIDC, platform operator, 12 h, also in ")
        .append(options.dataDir().resolve("admin-token"))
        .append("):\n    ")
        .append(adminToken)
        .append('\n');
    out.append(
        String.format(
            "  %-22s %s%n",
            "Admin console",
            "http://127.0.0.1:"
                + p.lmsSync()
                + "/console/  (sign in as Demo admin or Demo analyst)"));
    out.append(
        String.format(
            "  %-22s %s%n",
            "Demo LMS", demoUrl() + "/lms/  (learners: demo-learner-1 ... pick one on the page)"));
    out.append(
        String.format(
            "  %-22s %s%n",
            "Demo player",
            demoUrl() + "/player/  (the demo tenant's player; launched through a package)"));
    out.append("  Demo tenant: ")
        .append(DemoTenant.TENANT)
        .append(", assignment ")
        .append(DemoTenant.ASSIGNMENT)
        .append(", topic ")
        .append(DemoTenant.TOPIC)
        .append('\n');
    out.append("  Registered schema subjects: ").append(schemaIds.size()).append('\n');
    out.append("  Logs: ").append(options.dataDir().resolve("logs")).append('\n');
    out.append("Press Ctrl-C to stop everything.\n");
    return out.toString();
  }

  @Override
  public synchronized void close() {
    // Services first and all at once (each gets its graceful shutdown), then the infrastructure.
    services.parallelStream().forEach(ServiceProcess::close);
    started.removeAll(services);
    services.clear();
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        log.warn("Stopping {} failed: {}", started.get(i), e.toString());
      }
    }
    started.clear();
  }

  /** A service-to-service secret kept in {@code file}, created on first use. */
  private static String secret(Path file) throws IOException {
    if (Files.exists(file)) {
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    }
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    String secret = HexFormat.of().formatHex(bytes);
    Files.writeString(file, secret, StandardCharsets.UTF_8);
    return secret;
  }

  /** Runs the stack until SIGINT or SIGTERM. */
  public static void main(String[] args) throws Exception {
    LocalStackOptions options;
    try {
      options = LocalStackOptions.parse(args);
    } catch (IllegalArgumentException e) {
      log.error(e.getMessage());
      System.exit(2);
      return;
    }
    LocalStack stack = new LocalStack(options);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("Stopping the local stack");
                  stack.close();
                  stopped.countDown();
                },
                "local-stack-shutdown"));
    stack.start();
    log.info(stack.banner());
    if (options.simulate() > 0) {
      stack.simulate(options.simulate());
    }
    stopped.await();
  }
}

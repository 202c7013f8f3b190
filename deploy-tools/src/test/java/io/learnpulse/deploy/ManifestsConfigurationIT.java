package io.learnpulse.deploy;

import static io.learnpulse.deploy.DeployFixtures.DEPLOY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.learnpulse.infra.oidc.DevIssuer;
import io.learnpulse.infra.postgres.EmbeddedPostgresServer;
import io.learnpulse.infra.registry.SchemaRegistryServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import java.util.zip.ZipFile;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.Yaml;

/**
 * Runs the manifests' configuration: the production overlay of {@code deploy/} (rendered by
 * kubectl's kustomize) and {@code docker-compose.yml} give each LearnPulse container its
 * environment (literals, ConfigMap keys, Secrets filled with test values of their documented
 * shape); only the infrastructure addresses (Kafka bootstrap, registry, PostgreSQL, OIDC issuer,
 * other services) and volume mount paths are rewritten to the embedded infrastructure and to
 * directories here. Each service's repackaged jar then runs as a separate JVM as a non-root user in
 * a read-only working directory, with the image's JVM flags and the container's memory limit, and
 * must answer its probes — on the paths and ports the manifests name — and its metrics endpoint.
 * Kafka is reached over {@code SASL_SSL} with SCRAM-SHA-512 users as Strimzi's listener is. A
 * removed required Secret key must stop the service, naming the setting.
 */
class ManifestsConfigurationIT {

  static final Path RUN = DeployFixtures.workDir("manifests-run");

  /**
   * An upper bound only: four Spring Boot JVMs start side by side on the build machine, which takes
   * minutes when other builds share its two cores.
   */
  static final Duration READY = Duration.ofMinutes(8);

  private static final Logger log = LoggerFactory.getLogger(ManifestsConfigurationIT.class);

  static final List<String> MODULES =
      List.of("ingest-service", "scoring-service", "lms-sync-service", "xapi-emitter");
  static final Pattern COMPOSE_VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::?-([^}]*))?}");
  static final Pattern HEALTHCHECK_URL = Pattern.compile("http://localhost:(\\d+)(/[^\\s\"']*)");
  static final Pattern JVM_FLAG = Pattern.compile("<jvmFlag>([^<]+)</jvmFlag>");

  /** Meters of the JVM, Spring Boot, Kafka's clients and the other libraries. */
  static final List<String> LIBRARY_METERS =
      List.of(
          "jvm_",
          "process_",
          "system_",
          "disk_",
          "application_",
          "executor_",
          "logback_",
          "http_server_",
          "http_client_",
          "tomcat_",
          "kafka_",
          "spring_",
          "hikaricp_",
          "jdbc_",
          "reactor_",
          "netty_",
          "tasks_",
          "cache_");

  static List<JsonNode> rendered;
  static SecureKafka kafka;
  static SchemaRegistryServer registry;
  static EmbeddedPostgresServer postgres;
  static DevIssuer issuer;
  static TestSecrets secrets;
  static List<String> imageJvmFlags;
  static final Map<String, Set<String>> METER_NAMES = new ConcurrentHashMap<>();

  /** A port a probe or a scrape reaches, and the path it asks for. */
  record Endpoint(String kind, String path, int containerPort) {}

  /** One container as the test runs it. */
  record Container(
      String origin,
      String name,
      String module,
      Map<String, String> env,
      Map<Integer, Integer> hostPorts,
      List<Endpoint> endpoints,
      List<String> jvmFlags,
      List<String> args,
      Path root) {

    String url(Endpoint endpoint) {
      return "http://127.0.0.1:" + hostPorts.get(endpoint.containerPort()) + endpoint.path();
    }
  }

  @BeforeAll
  static void startInfrastructure() throws IOException {
    deleteRecursively(RUN);
    rendered = DeployFixtures.documents(Renderer.render("production"));
    kafka = SecureKafka.start(RUN.resolve("infrastructure"));
    registry = SchemaRegistryServer.kafkaBacked(kafka.plainBootstrap());
    postgres = EmbeddedPostgresServer.builder().build().start();
    issuer = DevIssuer.start();
    Set<String> kafkaUsers = new HashSet<>();
    kind("KafkaUser").forEach(u -> kafkaUsers.add(u.at("/metadata/name").asText()));
    secrets =
        new TestSecrets(
            TestSecrets.documented(
                DeployFixtures.documents(DEPLOY.resolve("secrets/secret.example.yaml"))),
            kafkaUsers,
            kafka);
    // What Strimzi's Topic Operator creates from the rendered KafkaTopics (one replica here).
    List<NewTopic> topics = new ArrayList<>();
    for (JsonNode topic : kind("KafkaTopic")) {
      Map<String, String> configs = new HashMap<>();
      topic
          .at("/spec/config")
          .fields()
          .forEachRemaining(c -> configs.put(c.getKey(), c.getValue().asText()));
      topics.add(
          new NewTopic(
                  topic.at("/spec/topicName").asText(topic.at("/metadata/name").asText()),
                  topic.at("/spec/partitions").asInt(),
                  (short) 1)
              .configs(configs));
    }
    assertThat(topics).isNotEmpty();
    kafka.createTopics(topics);
    imageJvmFlags = new ArrayList<>();
    Matcher flag = JVM_FLAG.matcher(DeployFixtures.read(DeployFixtures.REPO.resolve("pom.xml")));
    while (flag.find()) {
      imageJvmFlags.add(flag.group(1).trim());
    }
    assertThat(imageJvmFlags).as("the images' JVM flags (parent POM, Jib)").isNotEmpty();
  }

  @AfterAll
  static void stopInfrastructure() {
    for (AutoCloseable running : new AutoCloseable[] {issuer, registry, kafka, postgres}) {
      try {
        if (running != null) {
          running.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Test
  void everyKubernetesContainerReachesReadinessWithTheRenderedConfiguration() {
    runJob(kind("Job").get(0));
    List<Container> containers = kubernetesContainers("k8s", Map.of());

    assertThat(containers)
        .extracting(Container::module)
        .containsExactlyInAnyOrderElementsOf(MODULES);
    runToReadiness(containers);
  }

  @Test
  void everyComposeServiceReachesReadinessWithItsEnvironment() throws IOException {
    JsonNode file = ComposeFileTest.FILE;
    JsonNode schemas = file.at("/services/schemas");
    Map<String, String> jobEnv = new LinkedHashMap<>();
    Map<String, String> infra = composeAddresses(file);
    schemas
        .path("environment")
        .fields()
        .forEachRemaining(
            e -> jobEnv.put(e.getKey(), rewrite(composeValue(e.getValue().asText()), infra)));
    List<String> args = new ArrayList<>();
    schemas.path("command").forEach(a -> args.add(a.asText()));
    registerSchemas(args, jobEnv);

    List<Container> containers = composeContainers(file, infra);

    assertThat(containers)
        .extracting(Container::module)
        .containsExactlyInAnyOrderElementsOf(MODULES);
    runToReadiness(containers);
  }

  @Test
  void aRemovedRequiredSecretKeyStopsTheServiceNamingTheSetting() {
    // lms-sync-service without the key of Secret lms-sync-secrets-key, xapi-emitter without that
    // of learnpulse-internal-token: each must exit non-zero naming the setting and its variable.
    Map<String, String> removed =
        Map.of(
            "lms-sync-service", "LEARNPULSE_LMS_SYNC_SECRETS_KEY",
            "xapi-emitter", "LEARNPULSE_XAPI_LMS_SYNC_INTERNAL_TOKEN");
    Map<String, String> settings =
        Map.of(
            "lms-sync-service", "learnpulse.lms-sync.secrets-key",
            "xapi-emitter", "learnpulse.xapi.lms-sync.internal-token");
    List<Container> containers =
        kubernetesContainers("missing", removed).stream()
            .filter(c -> removed.containsKey(c.name()))
            .toList();
    assertThat(containers).hasSize(2);
    List<ServiceJvm> jvms = containers.stream().map(ManifestsConfigurationIT::start).toList();
    try {
      for (int i = 0; i < containers.size(); i++) {
        ServiceJvm jvm = jvms.get(i);
        String name = containers.get(i).name();
        Integer exit = jvm.awaitExit(READY);
        assertThat(exit).as("%s exits: %s", jvm.name(), jvm.tail()).isNotNull().isNotZero();
        assertThat(jvm.output())
            .as(jvm.tail())
            .contains(settings.get(name) + " (" + removed.get(name) + ")");
      }
    } finally {
      jvms.forEach(ServiceJvm::close);
    }
  }

  // --- Kubernetes ---

  /** The service containers of the rendered workloads, env resolved and rewritten. */
  static List<Container> kubernetesContainers(String origin, Map<String, String> removed) {
    JsonNode data = configMapData();
    // Infrastructure the cluster provides, by the address the ConfigMap gives: rewritten.
    Map<String, String> infra = new LinkedHashMap<>();
    infra.put(data.path("kafka.bootstrap").asText(), kafka.saslBootstrap());
    infra.put(data.path("registry.url").asText(), registry.url());
    infra.put(
        data.path("postgres.url").asText(),
        database(
            "k8s_" + origin,
            secrets.value("lms-sync-db", "username"),
            secrets.value("lms-sync-db", "password")));
    infra.put(data.path("admin.issuer-uri").asText(), issuer.issuerUri().toString());

    List<JsonNode> workloads =
        rendered.stream()
            .filter(d -> Set.of("Deployment", "StatefulSet").contains(d.path("kind").asText()))
            .toList();
    // Host ports first: a container's environment may name another's Service.
    Map<String, Map<Integer, Integer>> hostPorts = new HashMap<>();
    Map<String, JsonNode> containerOf = new HashMap<>();
    for (JsonNode workload : workloads) {
      JsonNode container = workload.at("/spec/template/spec/containers/0");
      assertThat(workload.at("/spec/template/spec/containers"))
          .as("one container per pod")
          .hasSize(1);
      containerOf.put(name(workload), container);
      Map<Integer, Integer> ports = new HashMap<>();
      container
          .path("ports")
          .forEach(
              p ->
                  ports.put(
                      p.path("containerPort").asInt(), io.learnpulse.infra.kafka.FreePorts.pick()));
      hostPorts.put(name(workload), ports);
    }

    List<Container> containers = new ArrayList<>();
    for (JsonNode workload : workloads) {
      String name = name(workload);
      JsonNode pod = workload.at("/spec/template/spec");
      JsonNode container = containerOf.get(name);
      String module = module(container.path("image").asText());
      Path root = RUN.resolve(origin).resolve(name);
      Map<String, Path> mounts = kubernetesMounts(pod, container, root);

      Map<String, String> env = new LinkedHashMap<>();
      for (JsonNode variable : container.path("env")) {
        String key = variable.path("name").asText();
        if (key.equals(removed.get(name))) {
          continue;
        }
        String value = kubernetesValue(variable, data);
        value = rewrite(value, infra);
        value = rewriteServiceUrls(value, workloads, hostPorts);
        value = rewriteMounts(value, mounts);
        env.put(key, value);
      }
      assertNoClusterAddressLeft(name, env, workloads);

      List<Endpoint> endpoints = new ArrayList<>();
      for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
        JsonNode get = container.path(probe).path("httpGet");
        assertThat(get.isMissingNode()).as("%s has an HTTP %s", name, probe).isFalse();
        endpoints.add(
            new Endpoint(
                probe, get.path("path").asText(), containerPort(container, get.path("port"))));
      }
      assertThat(endpoints.get(0).path()).isEqualTo("/readyz");
      endpoints.addAll(scrapeEndpoints(workload, container));

      List<String> jvmFlags = new ArrayList<>(imageJvmFlags);
      String memory = container.at("/resources/limits/memory").asText();
      assertThat(memory).as("%s memory limit", name).isNotBlank();
      // The container's memory limit, which the JVM would read from its cgroup.
      jvmFlags.add("-XX:MaxRAM=" + bytes(memory));
      if (mounts.containsKey("/tmp")) {
        jvmFlags.add("-Djava.io.tmpdir=" + mounts.get("/tmp"));
      }
      assertThat(container.has("command")).as("%s keeps the image's entrypoint", name).isFalse();
      List<String> args = new ArrayList<>();
      container.path("args").forEach(a -> args.add(a.asText()));
      containers.add(
          container(
              origin, name, module, env, hostPorts.get(name), endpoints, jvmFlags, args, root));
    }
    return containers;
  }

  static String kubernetesValue(JsonNode variable, JsonNode configMapData) {
    if (variable.has("value")) {
      return variable.path("value").asText();
    }
    JsonNode from = variable.path("valueFrom");
    if (from.has("configMapKeyRef")) {
      String key = from.at("/configMapKeyRef/key").asText();
      assertThat(configMapData.has(key)).as("ConfigMap key %s", key).isTrue();
      return configMapData.path(key).asText();
    }
    if (from.has("secretKeyRef")) {
      return secrets.value(
          from.at("/secretKeyRef/name").asText(), from.at("/secretKeyRef/key").asText());
    }
    if (from.at("/fieldRef/fieldPath").asText().equals("status.podIP")) {
      return "127.0.0.1";
    }
    return fail("unsupported env source %s", variable);
  }

  /** Directories standing in for the container's volumes, by mount path. */
  static Map<String, Path> kubernetesMounts(JsonNode pod, JsonNode container, Path root) {
    Map<String, JsonNode> volumes = new HashMap<>();
    pod.path("volumes").forEach(v -> volumes.put(v.path("name").asText(), v));
    Map<String, Path> mounts = new HashMap<>();
    for (JsonNode mount : container.path("volumeMounts")) {
      String volumeName = mount.path("name").asText();
      Path dir = root.resolve("volumes").resolve(volumeName);
      JsonNode volume = volumes.get(volumeName);
      if (volume != null && volume.has("secret")) {
        writeSecretVolume(volume.path("secret"), dir);
      } else {
        // emptyDir, or the StatefulSet's volume claim: writable by the pod's user (fsGroup).
        ServiceJvm.giveToUser(dir);
      }
      mounts.put(mount.path("mountPath").asText(), dir);
    }
    return mounts;
  }

  static void writeSecretVolume(JsonNode secret, Path dir) {
    try {
      Files.createDirectories(dir);
      for (JsonNode item : secret.path("items")) {
        Path file = dir.resolve(item.path("path").asText());
        Files.writeString(
            file, secrets.value(secret.path("secretName").asText(), item.path("key").asText()));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
      }
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The container's port behind a probe's named or numbered port. */
  static int containerPort(JsonNode container, JsonNode port) {
    if (port.isInt()) {
      return port.asInt();
    }
    for (JsonNode declared : container.path("ports")) {
      if (declared.path("name").asText().equals(port.asText())) {
        return declared.path("containerPort").asInt();
      }
    }
    return fail("%s names no port %s", container.path("name").asText(), port);
  }

  /** The metrics endpoints the ServiceMonitors and PodMonitors scrape on this workload's pods. */
  static List<Endpoint> scrapeEndpoints(JsonNode workload, JsonNode container) {
    JsonNode labels = workload.at("/spec/template/metadata/labels");
    List<Endpoint> endpoints = new ArrayList<>();
    for (JsonNode monitor : kind("PodMonitor")) {
      if (selects(monitor.at("/spec/selector"), labels)) {
        for (JsonNode endpoint : monitor.at("/spec/podMetricsEndpoints")) {
          endpoints.add(
              new Endpoint(
                  "scrape",
                  endpoint.path("path").asText(),
                  containerPort(container, endpoint.path("port"))));
        }
      }
    }
    for (JsonNode monitor : kind("ServiceMonitor")) {
      for (JsonNode service : kind("Service")) {
        if (selects(monitor.at("/spec/selector"), service.at("/metadata/labels"))
            && selects(service.at("/spec/selector"), labels)) {
          for (JsonNode endpoint : monitor.at("/spec/endpoints")) {
            JsonNode servicePort = servicePort(service, endpoint.path("port"));
            endpoints.add(
                new Endpoint(
                    "scrape",
                    endpoint.path("path").asText(),
                    containerPort(container, servicePort.path("targetPort"))));
          }
        }
      }
    }
    assertThat(endpoints)
        .as("%s is scraped by a ServiceMonitor or PodMonitor", name(workload))
        .isNotEmpty();
    return endpoints;
  }

  static JsonNode servicePort(JsonNode service, JsonNode port) {
    for (JsonNode declared : service.at("/spec/ports")) {
      if (port.isInt()
          ? declared.path("port").asInt() == port.asInt()
          : declared.path("name").asText().equals(port.asText())) {
        return declared;
      }
    }
    return fail("Service %s has no port %s", name(service), port);
  }

  /** {@code http://<service>[.learnpulse[.svc[.cluster.local]]]:<port>} → the JVM's host port. */
  static String rewriteServiceUrls(
      String value, List<JsonNode> workloads, Map<String, Map<Integer, Integer>> hostPorts) {
    Matcher url =
        Pattern.compile(
                "http://([a-z0-9-]+)(?:\\.learnpulse(?:\\.svc(?:\\.cluster\\.local)?)?)?:(\\d+)")
            .matcher(value);
    StringBuilder out = new StringBuilder();
    while (url.find()) {
      JsonNode service =
          kind("Service").stream()
              .filter(s -> name(s).equals(url.group(1)))
              .findFirst()
              .orElse(null);
      if (service == null) {
        url.appendReplacement(out, Matcher.quoteReplacement(url.group()));
        continue;
      }
      JsonNode target =
          servicePort(
                  service,
                  DeployFixtures.JSON.getNodeFactory().numberNode(Integer.parseInt(url.group(2))))
              .path("targetPort");
      JsonNode workload =
          workloads.stream()
              .filter(
                  w ->
                      selects(service.at("/spec/selector"), w.at("/spec/template/metadata/labels")))
              .findFirst()
              .orElseThrow(
                  () -> new AssertionError("Service " + url.group(1) + " selects no workload"));
      int containerPort = containerPort(workload.at("/spec/template/spec/containers/0"), target);
      url.appendReplacement(
          out, "http://127.0.0.1:" + hostPorts.get(name(workload)).get(containerPort));
    }
    url.appendTail(out);
    return out.toString();
  }

  static void assertNoClusterAddressLeft(
      String name, Map<String, String> env, List<JsonNode> workloads) {
    Set<String> hosts = new TreeSet<>();
    kind("Service").forEach(s -> hosts.add(name(s)));
    env.forEach(
        (key, value) -> {
          assertThat(value)
              .as("%s's %s still names a cluster address", name, key)
              .doesNotContainPattern("\\.svc\\b");
          for (String host : hosts) {
            assertThat(value)
                .as("%s's %s still names Service %s", name, key, host)
                .doesNotContain("://" + host + ":")
                .doesNotContain("://" + host + "/");
          }
        });
  }

  static void runJob(JsonNode job) {
    JsonNode container = job.at("/spec/template/spec/containers/0");
    JsonNode data = configMapData();
    Map<String, String> infra = Map.of(data.path("registry.url").asText(), registry.url());
    Map<String, String> env = new LinkedHashMap<>();
    container
        .path("env")
        .forEach(v -> env.put(v.path("name").asText(), rewrite(kubernetesValue(v, data), infra)));
    List<String> args = new ArrayList<>();
    container.path("args").forEach(a -> args.add(a.asText()));
    container.path("command").forEach(a -> args.add(a.asText()));
    registerSchemas(args, env);
  }

  /** The schema-registration program with the Job's (or Compose service's) arguments and env. */
  static void registerSchemas(List<String> args, Map<String, String> env) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    int exit = DeployTools.run(args.toArray(String[]::new), env, print, print);
    assertThat(exit)
        .as("register-schemas %s: %s", args, out.toString(StandardCharsets.UTF_8))
        .isZero();
  }

  // --- Compose ---

  /** Infrastructure services of the Compose file, by the address the services use: rewritten. */
  static Map<String, String> composeAddresses(JsonNode file) {
    JsonNode db = file.at("/services/postgres/environment");
    Map<String, String> infra = new LinkedHashMap<>();
    infra.put("kafka:9092", kafka.plainBootstrap());
    infra.put("http://schema-registry:8081", registry.url());
    infra.put(
        "jdbc:postgresql://postgres:5432/" + composeValue(db.path("POSTGRES_DB").asText()),
        database(
            "compose",
            composeValue(db.path("POSTGRES_USER").asText()),
            composeValue(db.path("POSTGRES_PASSWORD").asText())));
    return infra;
  }

  static List<Container> composeContainers(JsonNode file, Map<String, String> infra) {
    Map<String, Map<Integer, Integer>> hostPorts = new HashMap<>();
    Map<String, JsonNode> services = new LinkedHashMap<>();
    file.path("services")
        .fields()
        .forEachRemaining(
            s -> {
              String image = s.getValue().path("image").asText();
              if (image.startsWith("learnpulse/") && !image.startsWith("learnpulse/deploy-tools")) {
                services.put(s.getKey(), s.getValue());
              }
            });
    // In Compose a service reaches another on the port that one listens on (not the published one).
    Map<String, Map<String, String>> envs = new HashMap<>();
    for (var service : services.entrySet()) {
      Map<String, String> env = new LinkedHashMap<>();
      service
          .getValue()
          .path("environment")
          .fields()
          .forEachRemaining(e -> env.put(e.getKey(), composeValue(e.getValue().asText())));
      envs.put(service.getKey(), env);
      Map<Integer, Integer> ports = new HashMap<>();
      listeningPorts(module(service.getValue().path("image").asText()), env)
          .forEach(p -> ports.put(p, io.learnpulse.infra.kafka.FreePorts.pick()));
      hostPorts.put(service.getKey(), ports);
    }
    List<Container> containers = new ArrayList<>();
    for (var service : services.entrySet()) {
      String name = service.getKey();
      JsonNode definition = service.getValue();
      Path root = RUN.resolve("compose").resolve(name);
      Map<String, Path> mounts = new HashMap<>();
      for (JsonNode volume : definition.path("volumes")) {
        String[] parts = volume.asText().split(":");
        Path dir = root.resolve("volumes").resolve(parts[0]);
        ServiceJvm.giveToUser(dir);
        mounts.put(parts[1], dir);
      }
      for (JsonNode tmpfs : definition.path("tmpfs")) {
        Path dir = root.resolve("tmpfs").resolve(tmpfs.asText().replace('/', '_'));
        ServiceJvm.giveToUser(dir);
        mounts.put(tmpfs.asText(), dir);
      }
      assertThat(definition.path("read_only").asBoolean())
          .as("%s has a read-only root", name)
          .isTrue();
      Map<String, String> env = new LinkedHashMap<>();
      for (var variable : envs.get(name).entrySet()) {
        String value = rewrite(variable.getValue(), infra);
        Matcher url = Pattern.compile("http://([a-z0-9-]+):(\\d+)").matcher(value);
        StringBuilder out = new StringBuilder();
        while (url.find()) {
          Map<Integer, Integer> ports = hostPorts.get(url.group(1));
          if (ports == null) {
            url.appendReplacement(out, Matcher.quoteReplacement(url.group()));
            continue;
          }
          Integer port = ports.get(Integer.parseInt(url.group(2)));
          assertThat(port)
              .as(
                  "%s's %s: %s listens on %s",
                  name, variable.getKey(), url.group(1), ports.keySet())
              .isNotNull();
          url.appendReplacement(out, "http://127.0.0.1:" + port);
        }
        url.appendTail(out);
        env.put(variable.getKey(), rewriteMounts(out.toString(), mounts));
      }
      for (String value : env.values()) {
        for (String other : services.keySet()) {
          assertThat(value)
              .as("%s still names Compose service %s", name, other)
              .doesNotContain("://" + other + ":");
        }
        assertThat(value)
            .doesNotContain("kafka:9092")
            .doesNotContain("schema-registry:8081")
            .doesNotContain("postgres:5432");
      }

      List<Endpoint> endpoints = new ArrayList<>();
      Matcher check = HEALTHCHECK_URL.matcher(definition.at("/healthcheck/test").toString());
      assertThat(check.find()).as("%s's health check asks an HTTP URL", name).isTrue();
      endpoints.add(new Endpoint("healthcheck", check.group(2), Integer.parseInt(check.group(1))));
      for (JsonNode published : definition.path("ports")) {
        String[] parts = published.asText().split(":");
        int containerPort = Integer.parseInt(parts[parts.length - 1]);
        assertThat(hostPorts.get(name))
            .as("%s publishes %s: a port it listens on", name, published.asText())
            .containsKey(containerPort);
      }
      assertThat(hostPorts.get(name))
          .as("%s's health check port", name)
          .containsKey(endpoints.get(0).containerPort());

      List<String> jvmFlags = new ArrayList<>(imageJvmFlags);
      if (mounts.containsKey("/tmp")) {
        jvmFlags.add("-Djava.io.tmpdir=" + mounts.get("/tmp"));
      }
      List<String> args = new ArrayList<>();
      definition.path("command").forEach(a -> args.add(a.asText()));
      containers.add(
          container(
              "compose",
              name,
              module(definition.path("image").asText()),
              env,
              hostPorts.get(name),
              endpoints,
              jvmFlags,
              args,
              root));
    }
    return containers;
  }

  /** {@code ${NAME:-default}} as Compose interpolates it with no {@code .env}: the default. */
  static String composeValue(String value) {
    Matcher variable = COMPOSE_VARIABLE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (variable.find()) {
      variable.appendReplacement(
          out, Matcher.quoteReplacement(variable.group(2) == null ? "" : variable.group(2)));
    }
    variable.appendTail(out);
    return out.toString();
  }

  // --- running ---

  /**
   * A container as it will run, checked first: every variable binds to a property of the service
   * (as {@link KubernetesManifestsTest} requires), every probe or scrape port is one the service
   * listens on with this environment, and every port it listens on is declared.
   */
  static Container container(
      String origin,
      String name,
      String module,
      Map<String, String> env,
      Map<Integer, Integer> hostPorts,
      List<Endpoint> endpoints,
      List<String> jvmFlags,
      List<String> args,
      Path root) {
    PropertyCatalog catalog = PropertyCatalog.of(DeployFixtures.REPO.resolve(module));
    for (String variable : env.keySet()) {
      assertThat(catalog.binds(variable))
          .as("%s's %s binds to one of %s", name, variable, catalog.properties())
          .isTrue();
    }
    Set<Integer> listening = listeningPorts(module, env);
    for (Endpoint endpoint : endpoints) {
      assertThat(listening)
          .as(
              "%s's %s %s: the port %s must be one the service listens on",
              name, endpoint.kind(), endpoint.path(), endpoint.containerPort())
          .contains(endpoint.containerPort());
    }
    assertThat(hostPorts.keySet())
        .as("%s declares the ports it listens on", name)
        .containsAll(listening);
    return new Container(origin, name, module, env, hostPorts, endpoints, jvmFlags, args, root);
  }

  /**
   * The ports the service listens on with {@code env}: {@code server.port} and {@code
   * management.server.port} of its packaged application.yml, or the variables overriding them.
   */
  @SuppressWarnings("unchecked")
  static Set<Integer> listeningPorts(String module, Map<String, String> env) {
    Map<String, Object> yml;
    try (ZipFile jar = new ZipFile(jar(module).toFile())) {
      yml = new Yaml().load(jar.getInputStream(jar.getEntry("BOOT-INF/classes/application.yml")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Object> server = (Map<String, Object>) yml.getOrDefault("server", Map.of());
    Map<String, Object> management =
        (Map<String, Object>)
            ((Map<String, Object>) yml.getOrDefault("management", Map.of()))
                .getOrDefault("server", Map.of());
    Set<Integer> ports = new TreeSet<>();
    int serverPort =
        Integer.parseInt(
            env.getOrDefault(
                "SERVER_PORT",
                placeholder(String.valueOf(server.getOrDefault("port", "8080")), env)));
    ports.add(serverPort);
    Object managementPort =
        env.containsKey("MANAGEMENT_SERVER_PORT")
            ? env.get("MANAGEMENT_SERVER_PORT")
            : management.get("port");
    if (managementPort != null) {
      ports.add(Integer.parseInt(placeholder(String.valueOf(managementPort), env)));
    }
    return ports;
  }

  static String placeholder(String value, Map<String, String> env) {
    Matcher p = Pattern.compile("\\$\\{([A-Z0-9_]+):([^}]*)}").matcher(value);
    return p.matches() ? env.getOrDefault(p.group(1), p.group(2)) : value;
  }

  static ServiceJvm start(Container container) {
    Path jar = jar(container.module());
    List<String> args = new ArrayList<>(container.args());
    // The container's ports on free host ports (as `docker run -p` would): the service's own
    // server.port and management.server.port, checked above against the manifests, moved.
    Set<Integer> listening = listeningPorts(container.module(), container.env());
    int serverPort = serverPort(container);
    args.add("--server.port=" + container.hostPorts().get(serverPort));
    for (int port : listening) {
      if (port != serverPort) {
        args.add("--management.server.port=" + container.hostPorts().get(port));
      }
    }
    Path workDir = container.root().resolve("workdir");
    assertThat(canWrite(workDir))
        .as("%s's working directory is read-only for its user", container.name())
        .isFalse();
    return ServiceJvm.start(
        container.origin() + "/" + container.name(),
        jar,
        container.jvmFlags(),
        args,
        container.env(),
        workDir,
        container.root().resolve("output.log"));
  }

  static int serverPort(Container container) {
    String configured = container.env().get("SERVER_PORT");
    return configured != null ? Integer.parseInt(configured) : serverPortOf(container.module());
  }

  @SuppressWarnings("unchecked")
  static int serverPortOf(String module) {
    try (ZipFile jar = new ZipFile(jar(module).toFile())) {
      Map<String, Object> yml =
          new Yaml().load(jar.getInputStream(jar.getEntry("BOOT-INF/classes/application.yml")));
      return Integer.parseInt(
          String.valueOf(
              ((Map<String, Object>) yml.getOrDefault("server", Map.of()))
                  .getOrDefault("port", "8080")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean canWrite(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> command = new ArrayList<>(ServiceJvm.asUser());
    command.addAll(
        List.of("sh", "-c", "id -u; touch probe-file && echo writable || echo read-only"));
    DeployFixtures.Result result = DeployFixtures.run(dir, command);
    // setpriv itself must work (the test runs as root) and the user must be the unprivileged one.
    assertThat(result.exitCode()).as("setpriv (needs root): %s", result.output()).isZero();
    assertThat(result.output()).startsWith(ServiceJvm.USER + "\n");
    return result.output().contains("writable");
  }

  /** Starts every container, waits until each answers every endpoint with 200, stops them. */
  static void runToReadiness(List<Container> containers) {
    List<ServiceJvm> jvms = new ArrayList<>();
    try {
      for (Container container : containers) {
        jvms.add(start(container));
      }
      for (int i = 0; i < containers.size(); i++) {
        Container container = containers.get(i);
        int index = i;
        for (Endpoint endpoint : container.endpoints()) {
          String url = container.url(endpoint);
          try {
            Awaitility.await(jvms.get(index).name() + " " + endpoint.kind() + " " + url)
                .atMost(READY)
                .pollInterval(Duration.ofMillis(500))
                .failFast(
                    "the JVM exited", () -> !aliveOrRestartedAfterAKill(jvms, index, container))
                .until(
                    () -> {
                      HttpResponse<String> response = ServiceJvm.get(url);
                      return response != null && response.statusCode() == 200;
                    });
          } catch (ConditionTimeoutException | TerminalFailureException e) {
            ServiceJvm jvm = jvms.get(index);
            throw new AssertionError(
                jvm.name()
                    + "'s "
                    + endpoint.kind()
                    + " "
                    + url
                    + ": "
                    + e.getMessage()
                    + "\n"
                    + jvm.tail(),
                e);
          }
          if (endpoint.kind().equals("scrape")) {
            HttpResponse<String> scrape = ServiceJvm.get(url);
            assertThat(scrape.body()).as("%s %s", jvms.get(index).name(), url).contains("# TYPE ");
            Set<String> names =
                METER_NAMES.computeIfAbsent(container.module(), m -> ConcurrentHashMap.newKeySet());
            scrape
                .body()
                .lines()
                .filter(l -> l.startsWith("# TYPE "))
                .forEach(l -> names.add(l.split(" ")[2]));
          }
        }
      }
    } finally {
      jvms.parallelStream().forEach(ServiceJvm::close);
    }
  }

  /**
   * Whether the container's JVM runs, after starting it once more if it was killed by a signal (a
   * kill from outside, such as the kernel's OOM killer on a shared machine), as the kubelet
   * restarts a container that ended. A JVM that exits by itself (a configuration the service
   * refuses, an exception at start-up) is not restarted: that is the failure this test looks for.
   * The killed run's output stays beside the new one and its end is printed.
   */
  static boolean aliveOrRestartedAfterAKill(List<ServiceJvm> jvms, int index, Container container) {
    ServiceJvm jvm = jvms.get(index);
    if (jvm.isAlive()) {
      return true;
    }
    Integer exit = jvm.awaitExit(Duration.ZERO);
    boolean killed = exit != null && exit > 128;
    if (!killed || jvm.restarted()) {
      return false;
    }
    log.warn(
        "{} was killed (exit {}) before it was ready; starting it once more, as the kubelet"
            + " would.\n{}",
        jvm.name(),
        exit,
        jvm.tail());
    jvm.keepOutputAs(container.root().resolve("output-killed.log"));
    jvms.set(index, start(container).markRestarted());
    return true;
  }

  /**
   * Every meter a service shows is Micrometer's or a library's ({@link #LIBRARY_METERS}) or one of
   * its own named {@code learnpulse_<service>_...}.
   */
  static void assertMetersFollowTheConvention(String module, Set<String> names) {
    String own = MeterInventory.prometheusPrefix(module);
    assertThat(names)
        .as("%s's meters: a library's %s or its own %s*", module, LIBRARY_METERS, own)
        .allMatch(n -> n.startsWith(own) || LIBRARY_METERS.stream().anyMatch(n::startsWith));
  }

  // --- helpers ---

  /** Deletes {@code dir}, read-only directories of an earlier run included. */
  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
        }
      }
    }
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  static Path jar(String module) {
    Path staged = RUN.resolve("jars").resolve(module + ".jar");
    if (!Files.exists(staged)) {
      Path built =
          Path.of(System.getProperty("manifests.services", "target/services"))
              .resolve(module + ".jar");
      assertThat(built)
          .as("the repackaged jar of %s (copied by the build)", module)
          .isRegularFile();
      try {
        Files.createDirectories(staged.getParent());
        Files.copy(built, staged, StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("r--r--r--"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return staged;
  }

  /** A fresh database owned by {@code user} (created with {@code password}); its JDBC URL. */
  static String database(String name, String user, String password) {
    String database = name.replaceAll("[^a-z0-9_]", "_");
    try (Connection connection =
            DriverManager.getConnection(
                postgres.jdbcUrl(), postgres.username(), postgres.password());
        Statement sql = connection.createStatement()) {
      sql.execute("DROP DATABASE IF EXISTS " + database);
      if (!sql.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + user + "'").next()) {
        sql.execute("CREATE ROLE \"" + user + "\" LOGIN PASSWORD '" + password + "'");
      }
      sql.execute("CREATE DATABASE " + database + " OWNER \"" + user + "\"");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return postgres.jdbcUrl().replaceAll("/[^/?]+(\\?|$)", "/" + database + "$1");
  }

  /** Replaces a value starting with a rendered infrastructure address by the embedded one. */
  static String rewrite(String value, Map<String, String> addresses) {
    for (var address : addresses.entrySet()) {
      if (!address.getKey().isEmpty() && value.startsWith(address.getKey())) {
        return address.getValue() + value.substring(address.getKey().length());
      }
    }
    return value;
  }

  /** A path under a mount point (also as a {@code file:} URL) → the same under its directory. */
  static String rewriteMounts(String value, Map<String, Path> mounts) {
    List<String> points = new ArrayList<>(mounts.keySet());
    points.sort(Comparator.comparingInt(String::length).reversed());
    for (String point : points) {
      for (String prefix : List.of("", "file:")) {
        String start = prefix + point;
        if (value.equals(start) || value.startsWith(start + "/")) {
          return prefix + mounts.get(point) + value.substring(start.length());
        }
      }
    }
    return value;
  }

  /** The generated ConfigMap {@code learnpulse} (its name carries kustomize's hash). */
  static JsonNode configMapData() {
    return kind("ConfigMap").stream()
        .filter(c -> name(c).matches("learnpulse-[a-z0-9]{10}"))
        .findFirst()
        .orElseThrow()
        .path("data");
  }

  static List<JsonNode> kind(String kind) {
    return rendered.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
  }

  static String name(JsonNode doc) {
    return doc.at("/metadata/name").asText();
  }

  static String module(String image) {
    return image.substring("learnpulse/".length(), image.indexOf(':'));
  }

  static boolean selects(JsonNode selector, JsonNode labels) {
    JsonNode match =
        selector.has("matchLabels") || selector.has("matchExpressions")
            ? selector.path("matchLabels")
            : selector;
    var fields = match.fields();
    while (fields.hasNext()) {
      var field = fields.next();
      if (!labels.path(field.getKey()).asText().equals(field.getValue().asText())) {
        return false;
      }
    }
    for (JsonNode expression : selector.path("matchExpressions")) {
      boolean in =
          StreamSupport.stream(expression.path("values").spliterator(), false)
              .anyMatch(
                  v -> v.asText().equals(labels.path(expression.path("key").asText()).asText()));
      if (expression.path("operator").asText().equals("In") != in) {
        return false;
      }
    }
    return true;
  }

  static long bytes(String quantity) {
    Matcher q = Pattern.compile("(\\d+)(Ki|Mi|Gi)?").matcher(quantity);
    assertThat(q.matches()).as("memory %s", quantity).isTrue();
    long unit =
        switch (q.group(2) == null ? "" : q.group(2)) {
          case "Ki" -> 1024L;
          case "Mi" -> 1024L * 1024;
          case "Gi" -> 1024L * 1024 * 1024;
          default -> 1L;
        };
    return Long.parseLong(q.group(1)) * unit;
  }
}

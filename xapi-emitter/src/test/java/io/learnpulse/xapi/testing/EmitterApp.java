package io.learnpulse.xapi.testing;

import io.learnpulse.xapi.XapiEmitterApplication;
import io.learnpulse.xapi.delivery.StatementDispatcher;
import io.learnpulse.xapi.delivery.TenantState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * xapi-emitter as deployed, started in the test JVM (its own Spring context, consumer group and
 * ports) and stopped by {@link #close()} like a pod being stopped: the loop commits what is done,
 * statements still waiting are lost from memory and must come back from Kafka.
 */
public final class EmitterApp implements AutoCloseable {

  /** The management token the test applications are started with (write actions need it). */
  public static final String MANAGEMENT_TOKEN = "test-management-token";

  private final ConfigurableApplicationContext context;
  private final HttpClient http = HttpClient.newHttpClient();

  private EmitterApp(ConfigurableApplicationContext context) {
    this.context = context;
  }

  /** Settings shared by the integration tests: short timeouts and retry budget. */
  public static Map<String, String> defaults(KafkaFixture kafka, String groupId) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
    p.put("spring.kafka.consumer.properties.schema.registry.url", kafka.schemaRegistryUrl());
    p.put("server.port", "0");
    p.put("management.server.port", "0");
    p.put("learnpulse.xapi.consumer.group-id", groupId);
    p.put("learnpulse.xapi.consumer.retry-later-pause", "500ms");
    p.put("learnpulse.xapi.batch.linger", "20ms");
    p.put("learnpulse.xapi.batch.size", "25");
    p.put("learnpulse.xapi.retry.initial-backoff", "50ms");
    p.put("learnpulse.xapi.retry.max-backoff", "500ms");
    p.put("learnpulse.xapi.retry.budget", "2s");
    p.put("learnpulse.xapi.retry.auth-retry-interval", "500ms");
    p.put("learnpulse.xapi.retry.connect-timeout", "1s");
    p.put("learnpulse.xapi.retry.request-timeout", "1s");
    p.put("learnpulse.xapi.outbound.allow", LoopbackClients.ALLOW); // the test LRSs' address
    p.put("learnpulse.xapi.management-token", MANAGEMENT_TOKEN);
    return p;
  }

  /** Adds an opted-in tenant whose statements go to {@code lrs}. */
  public static void tenant(Map<String, String> p, String tenant, URI lrs) {
    String prefix = "learnpulse.xapi.tenants." + tenant + ".";
    p.put(prefix + "enabled", "true");
    p.put(prefix + "endpoint", lrs.toString());
    p.put(prefix + "home-page", homePage(tenant).toString());
    p.put(prefix + "username", "key-" + tenant);
    p.put(prefix + "password", "secret-" + tenant);
  }

  /** The home page the tests give a tenant. */
  public static URI homePage(String tenant) {
    return URI.create("https://lms." + tenant + ".example");
  }

  /** Starts the application with {@code properties} (as command-line arguments, so they win). */
  public static EmitterApp start(Map<String, String> properties) {
    List<String> args = new ArrayList<>();
    properties.forEach((k, v) -> args.add("--" + k + "=" + v));
    return new EmitterApp(
        new SpringApplicationBuilder(XapiEmitterApplication.class)
            .run(args.toArray(String[]::new)));
  }

  /**
   * Starts the consumer loop of an application started with {@code consumer.auto-startup=false}.
   */
  public void startConsuming() {
    context.getBean("emitterLifecycle", org.springframework.context.Lifecycle.class).start();
  }

  /** The delivery state of a tenant the application has seen. */
  public TenantState state(String tenant) {
    return context
        .getBean(StatementDispatcher.class)
        .tenant(tenant)
        .map(t -> t.state())
        .orElse(TenantState.ACTIVE);
  }

  /** GET on the management port; the body. */
  public String get(String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(management(path)).timeout(Duration.ofSeconds(30)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET " + path + ": " + response.statusCode());
    }
    return response.body();
  }

  /** POST of JSON on the management port; the body. */
  public String post(String path, String json) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(management(path))
                .timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + MANAGEMENT_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "POST " + path + ": " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  /** One sample of a Prometheus series from {@code /actuator/prometheus}, 0 when absent. */
  public double metric(String name, Map<String, String> labels) throws Exception {
    double total = 0;
    for (String line : get("/actuator/prometheus").split("\n")) {
      if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
        continue;
      }
      boolean matches = true;
      for (Map.Entry<String, String> label : labels.entrySet()) {
        if (!line.contains(label.getKey() + "=\"" + label.getValue() + "\"")) {
          matches = false;
        }
      }
      if (matches) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }

  private URI management(String path) {
    return URI.create(
        "http://127.0.0.1:" + context.getEnvironment().getProperty("local.management.port") + path);
  }

  @Override
  public void close() {
    context.close();
  }
}

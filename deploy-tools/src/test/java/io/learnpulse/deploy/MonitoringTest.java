package io.learnpulse.deploy;

import static io.learnpulse.deploy.DeployFixtures.DEPLOY;
import static io.learnpulse.deploy.DeployFixtures.REPO;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The alerts pass {@code promtool check rules} and their unit tests ({@code promtool test rules}),
 * the Grafana dashboard is well formed and its queries parse, and every LearnPulse metric either
 * uses is one a service registers.
 */
class MonitoringTest {

  static final Path MONITORING = DEPLOY.resolve("monitoring");
  static final Path DASHBOARD = MONITORING.resolve("grafana/learnpulse-dashboard.json");

  /** A LearnPulse service's metric, anywhere. */
  static final Pattern SERVICE_METRIC = Pattern.compile("\\b(learnpulse_[a-z0-9_]+)");

  /** A metric in a PromQL expression or a promtool test series: a name before { or [. */
  static final Pattern METRIC = Pattern.compile("\\b([a-z][a-z0-9_]*_[a-z0-9_]+)\\s*[{\\[]");

  /**
   * Metrics from elsewhere: kube-state-metrics, Strimzi's Kafka Exporter, Prometheus itself, and
   * the JVM meters Spring Boot registers in every service (ManifestsConfigurationIT scrapes them).
   */
  static final List<String> EXTERNAL =
      List.of("kube_", "kafka_consumergroup_", "kafka_topic_", "jvm_", "process_", "http_server_");

  @Test
  void alertRulesPassPromtoolCheckAndTheirUnitTests() throws IOException {
    Path dir = DeployFixtures.workDir("monitoring");
    JsonNode rule = DeployFixtures.documents(MONITORING.resolve("prometheus-rules.yaml")).get(0);
    assertThat(rule.path("kind").asText()).isEqualTo("PrometheusRule");
    DeployFixtures.write(
        dir.resolve("learnpulse-rules.yaml"),
        DeployFixtures.YAML.writeValueAsString(rule.path("spec")));
    Files.copy(
        MONITORING.resolve("tests/alerts-test.yaml"),
        dir.resolve("alerts-test.yaml"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    DeployFixtures.Result check = promtool(dir, "check", "rules", "learnpulse-rules.yaml");
    DeployFixtures.Result tests = promtool(dir, "test", "rules", "alerts-test.yaml");

    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS");
    assertThat(tests.exitCode()).as(tests.output()).isZero();
    assertThat(tests.output()).contains("SUCCESS");
  }

  @Test
  void dashboardIsWellFormedAndItsQueriesParse() throws IOException {
    JsonNode dashboard = DeployFixtures.JSON.readTree(DASHBOARD.toFile());
    assertThat(dashboard.path("uid").asText()).isNotBlank();
    assertThat(dashboard.path("title").asText()).isNotBlank();
    assertThat(dashboard.path("schemaVersion").asInt()).isPositive();
    assertThat(dashboard.at("/templating/list/0/type").asText()).isEqualTo("datasource");

    Set<Integer> ids = new HashSet<>();
    ObjectNode rules = DeployFixtures.JSON.createObjectNode();
    ArrayNode records =
        rules.putArray("groups").addObject().put("name", "dashboard").putArray("rules");
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt()))
          .as("unique panel id %s", panel.path("id"))
          .isTrue();
      assertThat(panel.path("title").asText()).isNotBlank();
      for (String field : List.of("x", "y", "w", "h")) {
        assertThat(panel.path("gridPos").path(field).isInt())
            .as("%s gridPos.%s", panel.path("title"), field)
            .isTrue();
      }
      assertThat(panel.at("/gridPos/x").asInt() + panel.at("/gridPos/w").asInt())
          .isLessThanOrEqualTo(24);
      assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
      for (JsonNode target : panel.path("targets")) {
        assertThat(target.at("/datasource/uid").asText()).isEqualTo("${datasource}");
        records
            .addObject()
            .put(
                "record",
                "dashboard:panel_" + panel.path("id").asInt() + "_" + target.path("refId").asText())
            .put("expr", target.path("expr").asText());
      }
    }
    Path dir = DeployFixtures.workDir("monitoring");
    DeployFixtures.write(
        dir.resolve("dashboard-queries.yaml"), DeployFixtures.YAML.writeValueAsString(rules));

    DeployFixtures.Result check = promtool(dir, "check", "rules", "dashboard-queries.yaml");

    assertThat(check.exitCode()).as(check.output()).isZero();
  }

  @Test
  void everyServiceMetricTheAlertsAndDashboardUseIsOneAServiceRegisters() {
    Set<String> registered = new TreeSet<>();
    MeterInventory.of(REPO)
        .values()
        .forEach(meters -> meters.forEach(m -> registered.add(MeterInventory.prometheus(m))));
    List<String> used = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (Path file :
        List.of(
            MONITORING.resolve("prometheus-rules.yaml"),
            DASHBOARD,
            MONITORING.resolve("tests/alerts-test.yaml"))) {
      String text = DeployFixtures.read(file);
      Matcher own = SERVICE_METRIC.matcher(text);
      while (own.find()) {
        used.add(own.group(1));
      }
      Matcher metric = METRIC.matcher(text);
      while (metric.find()) {
        String name = metric.group(1);
        if (!name.startsWith("learnpulse_") && EXTERNAL.stream().noneMatch(name::startsWith)) {
          unknown.add(name);
        }
      }
    }

    assertThat(used).isNotEmpty();
    for (String metric : used) {
      assertThat(registered)
          .as("%s is registered by a service (meters found: %s)", metric, registered)
          .anyMatch(
              base ->
                  MeterInventory.PROMETHEUS_SUFFIXES.stream()
                      .anyMatch(s -> metric.equals(base + s)));
    }
    assertThat(unknown)
        .as("metrics neither a service's (learnpulse_*) nor from a known exporter %s", EXTERNAL)
        .isEmpty();
  }

  private static DeployFixtures.Result promtool(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of(DeployFixtures.promtool().toString()));
    command.addAll(List.of(args));
    if (!Files.isExecutable(DeployFixtures.promtool())) {
      throw new UncheckedIOException(
          new IOException("promtool missing: " + DeployFixtures.promtool()));
    }
    return DeployFixtures.run(dir, command);
  }
}

package io.learnpulse.deploy;

import static io.learnpulse.deploy.DeployFixtures.REPO;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.learnpulse.schemas.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker-compose.yml} is valid by the Compose specification's JSON schema, pins every image,
 * waits on health, creates the catalog's topics, and gives each service only environment variables
 * it binds.
 */
class ComposeFileTest {

  static final Path COMPOSE = REPO.resolve("docker-compose.yml");

  // SnakeYAML resolves the merge keys (<<: *anchor) the way Compose does; Jackson's reader does
  // not.
  static final JsonNode FILE =
      DeployFixtures.JSON.valueToTree(new Yaml().load(DeployFixtures.read(COMPOSE)));

  @Test
  void validatesAgainstTheComposeSpecification() {
    DeployFixtures.Result result = DeployFixtures.validate("compose", List.of(COMPOSE));

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("1 passed, 0 failed");
  }

  @Test
  void everyImageIsPinnedAndTheProjectsCarryTheProjectVersion() {
    FILE.path("services")
        .fields()
        .forEachRemaining(
            service -> {
              String image = service.getValue().path("image").asText();
              assertThat(image)
                  .as(service.getKey())
                  .matches("[a-z0-9./-]+:[A-Za-z0-9._-]+")
                  .doesNotEndWith(":latest");
              if (image.startsWith("learnpulse/")) {
                assertThat(image).endsWith(":" + System.getProperty("project.version"));
              }
            });
  }

  @Test
  void everyLongRunningServiceHasAHealthCheckAndEveryDependencyAWaitCondition() {
    FILE.path("services")
        .fields()
        .forEachRemaining(
            service -> {
              JsonNode definition = service.getValue();
              boolean oneShot = List.of("topics", "schemas").contains(service.getKey());
              if (!oneShot) {
                assertThat(definition.at("/healthcheck/test").isArray())
                    .as("%s has a health check", service.getKey())
                    .isTrue();
              }
              definition
                  .path("depends_on")
                  .fields()
                  .forEachRemaining(
                      dependency -> {
                        String condition = dependency.getValue().path("condition").asText();
                        String expected =
                            List.of("topics", "schemas").contains(dependency.getKey())
                                ? "service_completed_successfully"
                                : "service_healthy";
                        assertThat(condition)
                            .as("%s waits on %s", service.getKey(), dependency.getKey())
                            .isEqualTo(expected);
                      });
            });
  }

  @Test
  void kafkaKeepsItsDataOnItsVolume() {
    JsonNode kafka = FILE.at("/services/kafka");
    String logDirs = kafka.at("/environment/KAFKA_LOG_DIRS").asText();

    assertThat(kafka.path("volumes").toString()).contains("kafka-data:" + logDirs);
  }

  @Test
  void topicsServiceCreatesExactlyTheCatalogsTopics() {
    String script = FILE.at("/services/topics/command/0").asText();
    Map<String, Integer> created = new java.util.HashMap<>();
    Matcher create = Pattern.compile("create (learnpulse\\.[a-z-]+\\.v1) (\\d+)").matcher(script);
    while (create.find()) {
      created.put(create.group(1), Integer.parseInt(create.group(2)));
    }
    Matcher dlt =
        Pattern.compile("([a-z-]+):(\\d+)").matcher(script.substring(script.indexOf("for t in")));
    while (dlt.find()) {
      created.put("learnpulse." + dlt.group(1) + ".v1.dlt", Integer.parseInt(dlt.group(2)));
    }

    for (NewTopic topic : Topics.newTopics((short) 1)) {
      assertThat(created).as(topic.name()).containsEntry(topic.name(), topic.numPartitions());
    }
    assertThat(created).hasSameSizeAs(Topics.newTopics((short) 1));
  }

  @Test
  void everyEnvironmentVariableOfAServiceBindsToOneOfItsProperties() {
    FILE.path("services")
        .fields()
        .forEachRemaining(
            service -> {
              String image = service.getValue().path("image").asText();
              if (!image.startsWith("learnpulse/")) {
                return;
              }
              String module = image.substring("learnpulse/".length(), image.indexOf(':'));
              assertThat(Files.isDirectory(REPO.resolve(module))).as(module).isTrue();
              service
                  .getValue()
                  .path("environment")
                  .fieldNames()
                  .forEachRemaining(
                      variable -> {
                        if (module.equals("deploy-tools")) {
                          assertThat(variable).isEqualTo(DeployTools.REGISTRY_URL_ENV);
                          return;
                        }
                        PropertyCatalog catalog = PropertyCatalog.of(REPO.resolve(module));
                        assertThat(catalog.binds(variable))
                            .as(
                                "%s's %s binds to one of %s",
                                module, variable, catalog.properties())
                            .isTrue();
                      });
            });
  }
}

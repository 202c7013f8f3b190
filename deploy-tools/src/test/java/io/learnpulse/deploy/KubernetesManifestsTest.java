package io.learnpulse.deploy;

import static io.learnpulse.deploy.DeployFixtures.DEPLOY;
import static io.learnpulse.deploy.DeployFixtures.REPO;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.learnpulse.schemas.topics.TopicSpec;
import io.learnpulse.schemas.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every overlay of {@code deploy/} renders with kubectl's kustomize (Debian's, and the one on the
 * PATH when there is one), validates against the Kubernetes API schemas, and keeps the rules a
 * platform team relies on: restricted pods, state on volumes, every environment variable bound,
 * every Secret documented, images of this version.
 */
class KubernetesManifestsTest {

  static final List<String> OVERLAYS = List.of("local", "production");

  static final Map<String, List<JsonNode>> RENDERED = new HashMap<>();

  static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "Job");

  @BeforeAll
  static void render() {
    for (String overlay : OVERLAYS) {
      RENDERED.put(overlay, DeployFixtures.documents(Renderer.render(overlay)));
    }
  }

  @Test
  void everyOverlayRendersTheSameWithEveryKubectl() {
    Path onPath = Renderer.kubectlOnPath();
    for (String overlay : OVERLAYS) {
      assertThat(RENDERED.get(overlay)).as(overlay).hasSizeGreaterThan(30);
      if (onPath != null) {
        List<JsonNode> other =
            DeployFixtures.documents(
                Renderer.render(onPath, DEPLOY.resolve("overlays/" + overlay)));
        assertThat(ids(other))
            .as("%s rendered by %s", overlay, onPath)
            .isEqualTo(ids(RENDERED.get(overlay)));
      }
    }
  }

  @Test
  void everyDocumentValidatesAgainstTheKubernetesSchemas() {
    List<Path> files = new ArrayList<>();
    for (String overlay : OVERLAYS) {
      files.add(Renderer.renderedFile(overlay));
    }
    files.add(DEPLOY.resolve("secrets/secret.example.yaml"));
    files.add(DEPLOY.resolve("secrets/external-secrets.example.yaml"));

    DeployFixtures.Result result = DeployFixtures.validate("kubernetes", files);

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("0 failed").doesNotContain("FAIL");
  }

  @Test
  void podsMeetTheRestrictedPodSecurityProfile() {
    for (JsonNode workload : workloads("production")) {
      String name = name(workload);
      JsonNode pod = podSpec(workload);
      assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).as(name).isTrue();
      assertThat(pod.at("/securityContext/seccompProfile/type").asText())
          .as(name)
          .isEqualTo("RuntimeDefault");
      assertThat(pod.at("/automountServiceAccountToken").asBoolean(true)).as(name).isFalse();
      for (JsonNode container : pod.path("containers")) {
        JsonNode security = container.path("securityContext");
        assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).as(name).isFalse();
        assertThat(security.path("readOnlyRootFilesystem").asBoolean()).as(name).isTrue();
        assertThat(security.at("/capabilities/drop").toString()).as(name).isEqualTo("[\"ALL\"]");
        assertThat(security.at("/seccompProfile/type").asText())
            .as(name)
            .isEqualTo("RuntimeDefault");
        assertThat(mountPaths(container))
            .as("%s writes /tmp on an emptyDir", name)
            .contains("/tmp");
        assertThat(container.at("/resources/limits/memory").isMissingNode()).as(name).isFalse();
      }
    }
    JsonNode namespace = kind("production", "Namespace").get(0);
    assertThat(namespace.at("/metadata/labels/pod-security.kubernetes.io~1enforce").asText())
        .isEqualTo("restricted");
  }

  @Test
  void scoringKeepsItsStateOnAVolumeClaim() {
    JsonNode scoring = named("production", "StatefulSet", "scoring-service");
    JsonNode container = podSpec(scoring).path("containers").get(0);
    String stateDir = env(container).get("LEARNPULSE_SCORING_STATE_DIR").path("value").asText();
    JsonNode mount =
        StreamSupport.stream(container.path("volumeMounts").spliterator(), false)
            .filter(m -> m.path("name").asText().equals("state"))
            .findFirst()
            .orElseThrow();

    assertThat(stateDir).startsWith(mount.path("mountPath").asText() + "/");
    assertThat(scoring.at("/spec/volumeClaimTemplates/0/metadata/name").asText())
        .isEqualTo("state");
  }

  @Test
  void everyServiceHasADisruptionBudgetAnAutoscalerBoundedByPartitionsAndANetworkPolicy() {
    int partitions = Topics.ALL.stream().mapToInt(TopicSpec::partitions).max().orElseThrow();
    for (JsonNode workload : workloads("production")) {
      if (workload.path("kind").asText().equals("Job")) {
        continue;
      }
      String name = name(workload);
      JsonNode labels = workload.at("/spec/template/metadata/labels");
      assertThat(kind("production", "PodDisruptionBudget"))
          .as("PodDisruptionBudget of %s", name)
          .anyMatch(pdb -> selects(pdb.at("/spec/selector/matchLabels"), labels));
      JsonNode hpa = named("production", "HorizontalPodAutoscaler", name);
      assertThat(hpa.at("/spec/scaleTargetRef/kind").asText())
          .isEqualTo(workload.path("kind").asText());
      assertThat(hpa.at("/spec/maxReplicas").asInt())
          .as(name)
          .isBetween(1, name.equals("ingest-service") ? 24 : partitions);
      assertThat(podSpec(workload).path("topologySpreadConstraints")).as(name).isNotEmpty();
    }
    for (JsonNode workload : workloads("production")) {
      JsonNode labels = workload.at("/spec/template/metadata/labels");
      assertThat(kind("production", "NetworkPolicy"))
          .as("NetworkPolicy naming %s", name(workload))
          .anyMatch(
              policy ->
                  !policy.at("/spec/podSelector/matchLabels").isEmpty()
                      && selects(policy.at("/spec/podSelector/matchLabels"), labels));
    }
    assertThat(kind("production", "NetworkPolicy"))
        .anyMatch(
            p ->
                p.at("/spec/podSelector").isEmpty()
                    && p.at("/metadata/name").asText().equals("default-deny"));
  }

  @Test
  void imagesCarryTheProjectVersion() {
    String version = System.getProperty("project.version");
    for (String overlay : OVERLAYS) {
      for (JsonNode workload : workloads(overlay)) {
        for (JsonNode container : podSpec(workload).path("containers")) {
          assertThat(container.path("image").asText())
              .as(name(workload))
              .startsWith("learnpulse/")
              .endsWith(":" + version);
        }
      }
    }
  }

  @Test
  void everyEnvironmentVariableBindsToAPropertyOfItsService() {
    for (String overlay : OVERLAYS) {
      for (JsonNode workload : workloads(overlay)) {
        for (JsonNode container : podSpec(workload).path("containers")) {
          String module = module(container);
          for (String variable : env(container).keySet()) {
            if (module.equals("deploy-tools")) {
              assertThat(variable).isEqualTo(DeployTools.REGISTRY_URL_ENV);
              continue;
            }
            PropertyCatalog catalog = PropertyCatalog.of(REPO.resolve(module));
            assertThat(catalog.binds(variable))
                .as("%s's %s binds to one of %s", module, variable, catalog.properties())
                .isTrue();
          }
        }
      }
    }
  }

  @Test
  void everyReferencedSecretAndKeyIsDocumented() {
    Map<String, Set<String>> documented = new HashMap<>();
    for (JsonNode secret :
        DeployFixtures.documents(DEPLOY.resolve("secrets/secret.example.yaml"))) {
      Set<String> keys = new HashSet<>();
      secret.path("stringData").fieldNames().forEachRemaining(keys::add);
      documented.put(secret.at("/metadata/name").asText(), keys);
      assertThat(secret.path("stringData").toString()).contains("REPLACE_ME");
    }
    Set<String> kafkaUsers = new HashSet<>();
    kind("production", "KafkaUser").forEach(u -> kafkaUsers.add(name(u)));

    for (JsonNode workload : workloads("production")) {
      JsonNode pod = podSpec(workload);
      for (JsonNode container : pod.path("containers")) {
        for (JsonNode variable : env(container).values()) {
          JsonNode ref = variable.at("/valueFrom/secretKeyRef");
          if (ref.isMissingNode()) {
            continue;
          }
          String secret = ref.path("name").asText();
          if (kafkaUsers.contains(secret)) {
            assertThat(ref.path("key").asText()).isEqualTo("sasl.jaas.config");
            continue;
          }
          assertThat(documented).as("Secret %s documented", secret).containsKey(secret);
          assertThat(documented.get(secret)).as(secret).contains(ref.path("key").asText());
        }
      }
      for (JsonNode volume : pod.path("volumes")) {
        if (volume.has("secret")) {
          assertThat(documented).containsKey(volume.at("/secret/secretName").asText());
        }
      }
    }
  }

  @Test
  void strimziResourcesUseTheV1ApiAndTheCatalogTopics() {
    Set<String> topics = new HashSet<>();
    Topics.ALL.forEach(
        t -> {
          topics.add(t.name());
          t.deadLetterTopic().ifPresent(topics::add);
        });
    for (String overlay : OVERLAYS) {
      for (JsonNode doc : RENDERED.get(overlay)) {
        if (doc.path("apiVersion").asText().startsWith("kafka.strimzi.io")) {
          assertThat(doc.path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1");
          assertThat(doc.at("/metadata/labels/strimzi.io~1cluster").asText())
              .isEqualTo("learnpulse");
        }
      }
      for (JsonNode user : kind(overlay, "KafkaUser")) {
        for (JsonNode acl : user.at("/spec/authorization/acls")) {
          if (acl.at("/resource/type").asText().equals("topic")
              && acl.at("/resource/patternType").asText().equals("literal")) {
            assertThat(topics).as(name(user)).contains(acl.at("/resource/name").asText());
          }
        }
      }
    }
  }

  // --- helpers ---

  static List<JsonNode> kind(String overlay, String kind) {
    return RENDERED.get(overlay).stream()
        .filter(d -> d.path("kind").asText().equals(kind))
        .toList();
  }

  static JsonNode named(String overlay, String kind, String name) {
    return kind(overlay, kind).stream().filter(d -> name(d).equals(name)).findFirst().orElseThrow();
  }

  static List<JsonNode> workloads(String overlay) {
    return RENDERED.get(overlay).stream()
        .filter(d -> WORKLOADS.contains(d.path("kind").asText()))
        .toList();
  }

  static String name(JsonNode doc) {
    return doc.at("/metadata/name").asText();
  }

  static JsonNode podSpec(JsonNode workload) {
    return workload.at("/spec/template/spec");
  }

  static Map<String, JsonNode> env(JsonNode container) {
    Map<String, JsonNode> env = new HashMap<>();
    container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
    return env;
  }

  static Set<String> mountPaths(JsonNode container) {
    Set<String> paths = new HashSet<>();
    container.path("volumeMounts").forEach(m -> paths.add(m.path("mountPath").asText()));
    return paths;
  }

  static String module(JsonNode container) {
    String image = container.path("image").asText();
    String module = image.substring("learnpulse/".length(), image.indexOf(':'));
    assertThat(Files.isDirectory(REPO.resolve(module))).as("module of %s", image).isTrue();
    return module;
  }

  static boolean selects(JsonNode selector, JsonNode labels) {
    var fields = selector.fields();
    while (fields.hasNext()) {
      var field = fields.next();
      if (!labels.path(field.getKey()).asText().equals(field.getValue().asText())) {
        return false;
      }
    }
    return true;
  }

  static Set<String> ids(List<JsonNode> docs) {
    Set<String> ids = new HashSet<>();
    docs.forEach(
        d ->
            ids.add(
                d.path("kind").asText()
                    + " "
                    + d.at("/metadata/namespace").asText()
                    + "/"
                    + name(d).replaceAll("-[a-z0-9]{10}$", "")));
    return ids;
  }
}

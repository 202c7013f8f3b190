package io.learnpulse.deploy;

import static io.learnpulse.deploy.DeployFixtures.REPO;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Runs each image the build made (the {@code images} profile: Jib tarballs on the base from {@code
 * deploy/base-image}) the way a restricted Kubernetes pod runs it: its layers unpacked into a root
 * file system, mounted read-only with a tmpfs on {@code /tmp}, entered with chroot as the image's
 * user (never root), with the image's environment, working directory and entrypoint. Without
 * settings every service must stop at once naming what is missing (fail-fast production
 * configuration), which proves the image's runtime, class path and main class work as non-root on a
 * read-only root; the manifests' configuration test starts the same jars to readiness.
 */
class ImagesIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path WORK = Path.of("target", "images-it").toAbsolutePath();

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "ingest-service, ingest-service refuses to start",
    "scoring-service, scoring-service refuses to start",
    "lms-sync-service, lms-sync-service refuses to start",
    "xapi-emitter, xapi-emitter refuses to start",
    "deploy-tools, usage: deploy-tools"
  })
  void theImageRunsAsNonRootOnAReadOnlyRootAndStopsNamingWhatIsMissing(
      String module, String expected) throws Exception {
    Path tarball = REPO.resolve(module).resolve("target/jib-image.tar");
    assertThat(tarball).as("built by the images profile (jib:buildTar at package)").exists();
    Path dir = WORK.resolve(module);
    deleteRecursively(dir);
    Path image = Files.createDirectories(dir.resolve("image"));
    Path root = Files.createDirectories(dir.resolve("rootfs"));
    run(List.of("tar", "-xf", tarball.toString(), "-C", image.toString()));

    JsonNode manifest = JSON.readTree(image.resolve("manifest.json").toFile()).get(0);
    JsonNode config =
        JSON.readTree(image.resolve(manifest.get("Config").asText()).toFile()).get("config");
    assertThat(manifest.get("RepoTags").get(0).asText())
        .isEqualTo("learnpulse/" + module + ":" + System.getProperty("project.version"));
    String user = config.get("User").asText();
    assertThat(user).as("non-root user").matches("[1-9][0-9]*");
    List<String> entrypoint = strings(config.get("Entrypoint"));
    assertThat(entrypoint).contains("-XX:MaxRAMPercentage=75");

    for (JsonNode layer : manifest.get("Layers")) {
      run(
          List.of(
              "tar",
              "--warning=no-unknown-keyword",
              "-xzf",
              image.resolve(layer.asText()).toString(),
              "-C",
              root.toString()));
    }
    Files.createDirectories(root.resolve("proc"));
    Files.createDirectories(root.resolve("tmp"));

    // A mount namespace of its own: the read-only bind and the tmpfs vanish with the process.
    List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--fork", "sh", "-c"));
    command.add(
        "mount --rbind /proc \"$0/proc\" && mount --bind \"$0\" \"$0\""
            + " && mount -o remount,bind,ro \"$0\" && mount -t tmpfs tmpfs \"$0/tmp\""
            + " && exec env -i \"$@\"");
    command.add(root.toString());
    command.addAll(strings(config.get("Env")));
    command.addAll(List.of("/usr/sbin/chroot", "--userspec=" + user + ":" + user, root.toString()));
    command.addAll(entrypoint);
    if (config.hasNonNull("Cmd")) {
      command.addAll(strings(config.get("Cmd")));
    }
    Path log = dir.resolve("run.log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean exited = process.waitFor(180, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);

    assertThat(exited).as("stopped on its own; output:%n%s", output).isTrue();
    assertThat(process.exitValue()).as(output).isNotZero();
    assertThat(output)
        .as("the image ran its main class and stopped naming what is missing")
        .contains(expected)
        .doesNotContain("UnsatisfiedLinkError")
        .doesNotContain("ClassNotFoundException")
        .doesNotContain("Permission denied");
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as("%s%n%s", command, output).isZero();
  }

  private static void deleteRecursively(Path dir) throws IOException, InterruptedException {
    if (Files.exists(dir)) {
      run(List.of("rm", "-rf", dir.toString()));
    }
  }
}

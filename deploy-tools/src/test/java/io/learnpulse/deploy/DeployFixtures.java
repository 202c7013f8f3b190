package io.learnpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where the repository's deployment files and the validators are, and how the tests run them:
 * Debian's kubectl and promtool unpacked by {@code ensure-tools.sh}, Node validators in {@code
 * src/test/node}.
 */
final class DeployFixtures {

  /** The repository root (the tests run in the module directory). */
  static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  static final Path DEPLOY = REPO.resolve("deploy");

  static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .disable(YAMLGenerator.Feature.SPLIT_LINES)
              .build());

  static final ObjectMapper JSON = new ObjectMapper();

  private DeployFixtures() {}

  /** The output of a finished process. */
  record Result(int exitCode, String output) {}

  static Path toolsDir() {
    return Path.of(System.getProperty("deploy.tools.dir", "target/deploy-tools"));
  }

  static Path kubectl() {
    return toolsDir().resolve("usr/bin/kubectl");
  }

  static Path promtool() {
    return toolsDir().resolve("usr/bin/promtool");
  }

  static Path nodeDir() {
    return Path.of(System.getProperty("deploy.node.dir", "src/test/node")).toAbsolutePath();
  }

  static Path workDir(String name) {
    Path dir = Path.of("target", name).toAbsolutePath();
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code command} in {@code dir}, stdout and stderr together, for at most 5 minutes. */
  static Result run(Path dir, List<String> command) {
    try {
      Process process =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readAllBytes();
      assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("%s finished", command).isTrue();
      return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Runs the Node validator ({@code validate.mjs}) in {@code mode} on {@code files}. */
  static Result validate(String mode, List<Path> files) {
    List<String> command = new ArrayList<>(List.of("node", "validate.mjs", mode));
    files.forEach(f -> command.add(f.toAbsolutePath().toString()));
    return run(nodeDir(), command);
  }

  /** The YAML documents of {@code text}, empty ones left out. */
  static List<JsonNode> documents(String text) {
    try {
      List<JsonNode> docs = new ArrayList<>();
      YAML.readerFor(JsonNode.class)
          .readValues(text)
          .forEachRemaining(
              d -> {
                JsonNode node = (JsonNode) d;
                if (node != null && !node.isNull() && !node.isMissingNode()) {
                  docs.add(node);
                }
              });
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<JsonNode> documents(Path file) {
    try {
      return documents(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      return Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

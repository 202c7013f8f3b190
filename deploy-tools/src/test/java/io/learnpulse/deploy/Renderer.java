package io.learnpulse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Renders {@code deploy/overlays/*} with kubectl's kustomize into {@code target/rendered/}. */
final class Renderer {

  private Renderer() {}

  /** Renders the overlay with Debian's kubectl and keeps the output for the other validators. */
  static String render(String overlay) {
    String yaml =
        render(DeployFixtures.kubectl(), DeployFixtures.DEPLOY.resolve("overlays/" + overlay));
    DeployFixtures.write(renderedFile(overlay), yaml);
    return yaml;
  }

  static Path renderedFile(String overlay) {
    return DeployFixtures.workDir("rendered").resolve(overlay + ".yaml");
  }

  static String render(Path kubectl, Path dir) {
    assertThat(kubectl)
        .as("kubectl (deploy-tools' ensure-tools.sh unpacks Debian's)")
        .isExecutable();
    DeployFixtures.Result result =
        DeployFixtures.run(
            DeployFixtures.REPO, List.of(kubectl.toString(), "kustomize", dir.toString()));
    assertThat(result.exitCode()).as("%s kustomize %s: %s", kubectl, dir, result.output()).isZero();
    // kubectl writes its deprecation warnings to stderr, merged here as comment lines.
    return result.output();
  }

  /** A kubectl on the PATH other than Debian's, or null. */
  static Path kubectlOnPath() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir, "kubectl");
      if (!dir.isEmpty() && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}

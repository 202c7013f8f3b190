package io.learnpulse.infra;

import io.learnpulse.infra.testcontainers.ContainerInfrastructure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The lazily started, JVM-wide infrastructure behind {@link Infrastructure#shared()}. */
final class SharedInfrastructure {

  /** System property choosing the implementation: {@code embedded} or {@code testcontainers}. */
  static final String MODE_PROPERTY = "learnpulse.infra";

  private static final Logger log = LoggerFactory.getLogger(SharedInfrastructure.class);

  private static Infrastructure infrastructure;
  private static RuntimeException failure;

  private SharedInfrastructure() {}

  static synchronized Infrastructure get() {
    if (infrastructure != null) {
      return infrastructure;
    }
    if (failure != null) {
      throw new IllegalStateException("The shared infrastructure failed to start earlier", failure);
    }
    try {
      AutoCloseable running;
      if (useContainers()) {
        ContainerInfrastructure containers = ContainerInfrastructure.start();
        infrastructure = containers.infrastructure();
        running = containers;
      } else {
        EmbeddedInfrastructure embedded = EmbeddedInfrastructure.start();
        infrastructure = embedded.infrastructure();
        running = embedded;
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      running.close();
                    } catch (Exception e) {
                      log.warn("Could not stop the shared infrastructure", e);
                    }
                  },
                  "learnpulse-infra-shutdown"));
      return infrastructure;
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    }
  }

  private static boolean useContainers() {
    String mode = System.getProperty(MODE_PROPERTY, "").trim().toLowerCase(Locale.ROOT);
    switch (mode) {
      case "embedded":
        return false;
      case "testcontainers":
        return true;
      case "":
        boolean docker = dockerLikelyPresent() && ContainerInfrastructure.dockerAvailable();
        log.info(
            "{} not set: using {} infrastructure",
            MODE_PROPERTY,
            docker ? "Testcontainers" : "embedded");
        return docker;
      default:
        throw new IllegalArgumentException(
            MODE_PROPERTY + " must be 'embedded' or 'testcontainers', not '" + mode + "'");
    }
  }

  /**
   * A cheap look for a Docker endpoint, so that machines without Docker never pay for (or log)
   * Testcontainers' own discovery.
   */
  private static boolean dockerLikelyPresent() {
    if (System.getenv("DOCKER_HOST") != null) {
      return true;
    }
    String home = System.getProperty("user.home", "");
    List<Path> candidates = new ArrayList<>();
    candidates.add(Paths.get("/var/run/docker.sock"));
    candidates.add(Paths.get(home, ".testcontainers.properties"));
    candidates.add(Paths.get(home, ".docker", "run", "docker.sock"));
    candidates.add(Paths.get(home, ".docker", "desktop", "docker.sock"));
    candidates.add(Paths.get(home, ".colima", "default", "docker.sock"));
    candidates.add(Paths.get(home, ".rd", "docker.sock"));
    String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
    if (runtimeDir != null) {
      candidates.add(Paths.get(runtimeDir, "docker.sock"));
    }
    return candidates.stream().anyMatch(Files::exists);
  }
}

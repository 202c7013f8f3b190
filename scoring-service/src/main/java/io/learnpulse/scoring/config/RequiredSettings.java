package io.learnpulse.scoring.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * Refuses to start scoring-service when a setting it needs is missing, naming each one (property
 * and environment variable): outside the {@code dev} and {@code local} profiles the Kafka bootstrap
 * servers, the schema registry and the advertised host; in every profile a state directory it can
 * create and write (run as the image runs it, non-root in {@code /}, a relative one cannot be).
 * Runs before any bean exists. docs/configuration.md lists every setting.
 */
@Component
public class RequiredSettings implements BeanFactoryPostProcessor, EnvironmentAware {

  /** Profiles in which development fallbacks (loopback URLs) are allowed. */
  public static final Profiles DEVELOPMENT = Profiles.of("dev | local");

  private static final String PREFIX = "learnpulse.scoring.";

  private Environment environment;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    List<String> missing =
        missing(Binder.get(environment), !environment.acceptsProfiles(DEVELOPMENT));
    if (!missing.isEmpty()) {
      throw new MissingSettingsException("scoring-service", missing);
    }
  }

  /** The missing or unusable settings, each described; empty when the service can start. */
  static List<String> missing(Binder binder, boolean production) {
    List<String> missing = new ArrayList<>();
    if (production) {
      require(binder, missing, "spring.kafka.bootstrap-servers", "the Kafka bootstrap servers");
      require(binder, missing, PREFIX + "schema-registry-url", "the schema registry URL");
      require(
          binder,
          missing,
          PREFIX + "advertised-host",
          "the host other instances reach this one at (in Kubernetes the pod IP)");
    }
    // bound as a Path, as ScoringProperties binds it (a test may register a Path object)
    Path dir =
        binder
            .bind(PREFIX + "state-dir", Path.class)
            .orElse(Path.of("data", "kafka-streams"))
            .toAbsolutePath();
    String problem = unwritable(dir);
    if (problem != null) {
      missing.add(
          describe(
              PREFIX + "state-dir",
              "a writable directory for the state stores (on a persistent volume); " + problem));
    }
    return missing;
  }

  private static String unwritable(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException | SecurityException e) {
      return dir + " does not exist and cannot be created (" + e + ")";
    }
    return Files.isWritable(dir) ? null : dir + " is not writable";
  }

  private static void require(Binder binder, List<String> missing, String name, String what) {
    if (value(binder, name) == null) {
      missing.add(describe(name, what));
    }
  }

  private static String value(Binder binder, String name) {
    String value = binder.bind(name, String.class).orElse(null);
    return value == null || value.isBlank() ? null : value;
  }

  /** {@code name (ENV_VAR): what}. */
  static String describe(String name, String what) {
    return name
        + " ("
        + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_')
        + "): "
        + what;
  }

  /** Start-up refused: settings the service needs are missing or unusable. */
  public static final class MissingSettingsException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    MissingSettingsException(String service, List<String> missing) {
      super(
          service
              + " refuses to start: missing or unusable setting(s):\n  "
              + String.join("\n  ", missing)
              + "\n(see docs/configuration.md; development: --spring.profiles.active=dev)");
    }
  }
}

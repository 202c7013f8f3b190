package io.learnpulse.ingest.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * Refuses to start ingest-service outside the {@code dev} and {@code local} profiles when a setting
 * production needs is missing, naming each one (property and environment variable): the Kafka
 * bootstrap servers, the schema registry, lms-sync's JWKS URL and token issuer. Runs before any
 * bean exists. docs/configuration.md lists every setting.
 */
@Component
public class RequiredSettings implements BeanFactoryPostProcessor, EnvironmentAware {

  /** Profiles in which development fallbacks (loopback URLs) are allowed. */
  public static final Profiles DEVELOPMENT = Profiles.of("dev | local");

  private static final List<List<String>> REQUIRED =
      List.of(
          List.of("spring.kafka.bootstrap-servers", "the Kafka bootstrap servers"),
          List.of("learnpulse.ingest.schema-registry-url", "the schema registry URL"),
          List.of("learnpulse.ingest.jwks-uri", "lms-sync-service's JWKS URL"),
          List.of("learnpulse.ingest.issuer", "the iss of session tokens (lms-sync's issuer)"));

  private Environment environment;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    if (environment.acceptsProfiles(DEVELOPMENT)) {
      return;
    }
    List<String> missing = missing(environment::getProperty);
    if (!missing.isEmpty()) {
      throw new MissingSettingsException(missing);
    }
  }

  /** The missing settings, each described; empty when production can start. */
  static List<String> missing(UnaryOperator<String> settings) {
    List<String> missing = new ArrayList<>();
    for (List<String> setting : REQUIRED) {
      String name = setting.get(0);
      String value = settings.apply(name);
      if (value == null || value.isBlank()) {
        String env = name.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
        missing.add(name + " (" + env + "): " + setting.get(1));
      }
    }
    return missing;
  }

  /** Start-up refused: settings production needs are missing. */
  public static final class MissingSettingsException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    MissingSettingsException(List<String> missing) {
      super(
          "ingest-service refuses to start: missing required setting(s) outside the dev/local"
              + " profile:\n  "
              + String.join("\n  ", missing)
              + "\n(see docs/configuration.md; development: --spring.profiles.active=dev)");
    }
  }
}

package io.learnpulse.xapi.config;

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
 * Refuses to start xapi-emitter outside the {@code dev} and {@code local} profiles when a setting
 * production needs is missing, naming each one (property and environment variable): the schema
 * registry and, with tenants' settings from lms-sync-service, its URL and the internal token
 * (without them it would get no tenant settings and silently send nothing). Runs before any bean
 * exists. docs/configuration.md lists every setting.
 */
@Component
public class RequiredSettings implements BeanFactoryPostProcessor, EnvironmentAware {

  /** Profiles in which development fallbacks (loopback URLs) are allowed. */
  public static final Profiles DEVELOPMENT = Profiles.of("dev | local");

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
    if (blank(settings.apply("learnpulse.xapi.schema-registry-url"))
        && blank(settings.apply("SCHEMA_REGISTRY_URL"))) {
      missing.add(
          "learnpulse.xapi.schema-registry-url (LEARNPULSE_XAPI_SCHEMA_REGISTRY_URL, or"
              + " SCHEMA_REGISTRY_URL): the schema registry URL");
    }
    String source = settings.apply("learnpulse.xapi.tenant-source");
    if (source == null || source.isBlank() || "lms-sync".equals(source)) {
      if (blank(settings.apply("learnpulse.xapi.lms-sync.base-url"))) {
        missing.add(
            "learnpulse.xapi.lms-sync.base-url (LEARNPULSE_XAPI_LMS_SYNC_BASE_URL):"
                + " lms-sync-service's URL, where tenants' LRS settings come from");
      }
      if (blank(settings.apply("learnpulse.xapi.lms-sync.internal-token"))) {
        missing.add(
            "learnpulse.xapi.lms-sync.internal-token (LEARNPULSE_XAPI_LMS_SYNC_INTERNAL_TOKEN):"
                + " lms-sync-service's internal-token");
      }
    }
    return missing;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  /** Start-up refused: settings production needs are missing. */
  public static final class MissingSettingsException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    MissingSettingsException(List<String> missing) {
      super(
          "xapi-emitter refuses to start: missing required setting(s) outside the dev/local"
              + " profile:\n  "
              + String.join("\n  ", missing)
              + "\n(see docs/configuration.md; development: --spring.profiles.active=dev)");
    }
  }
}

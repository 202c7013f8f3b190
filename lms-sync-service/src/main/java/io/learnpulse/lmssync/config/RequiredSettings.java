package io.learnpulse.lmssync.config;

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
 * Refuses to start lms-sync-service outside the {@code dev} and {@code local} profiles when a
 * setting production needs is missing, naming each one (property and environment variable). Runs as
 * a bean factory post-processor, before any bean exists: no key is generated, no connection opened,
 * before the check. docs/configuration.md lists every setting.
 */
@Component
public class RequiredSettings implements BeanFactoryPostProcessor, EnvironmentAware {

  /** Profiles in which development fallbacks (generated keys, loopback URLs) are allowed. */
  public static final Profiles DEVELOPMENT = Profiles.of("dev | local");

  private static final String PREFIX = "learnpulse.lms-sync.";

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
    List<String> missing = missing(Binder.get(environment));
    if (!missing.isEmpty()) {
      throw new MissingSettingsException("lms-sync-service", missing);
    }
  }

  /** The missing settings, each described; empty when production can start. */
  static List<String> missing(Binder binder) {
    List<String> missing = new ArrayList<>();
    require(binder, missing, "spring.kafka.bootstrap-servers", "the Kafka bootstrap servers");
    require(binder, missing, PREFIX + "schema-registry-url", "the schema registry URL");
    require(binder, missing, "spring.datasource.url", "the PostgreSQL JDBC URL");
    require(binder, missing, "spring.datasource.username", "the PostgreSQL user");
    require(binder, missing, "spring.datasource.password", "the PostgreSQL password");
    require(binder, missing, PREFIX + "issuer", "the issuer of session tokens (public URL)");
    require(binder, missing, PREFIX + "player-url", "the player URL (public URL)");
    require(
        binder,
        missing,
        PREFIX + "bridge.public-url",
        "lms-sync-service's URL as browsers reach it");
    require(
        binder, missing, PREFIX + "bridge.ingest-url", "ingest-service's URL as browsers reach it");
    String pem = value(binder, PREFIX + "signing-key-pem");
    String keyFile = value(binder, PREFIX + "signing-key-file");
    boolean keyFileExists = keyFile != null && Files.isReadable(Path.of(keyFile));
    if (pem == null && !keyFileExists) {
      missing.add(
          describe(
              PREFIX + "signing-key-pem",
              "the RSA signing key shared by every replica (PKCS#8 PEM), or an existing "
                  + PREFIX
                  + "signing-key-file"
                  + (keyFile == null ? "" : " (" + keyFile + " does not exist)")
                  + "; a generated key is for development only"));
    }
    String secretsKey = value(binder, PREFIX + "secrets-key");
    boolean secretsKeyFileExists =
        keyFileExists && Files.isReadable(Path.of(keyFile).resolveSibling("lms-sync-secrets.key"));
    if (secretsKey == null && !secretsKeyFileExists) {
      missing.add(
          describe(
              PREFIX + "secrets-key",
              "base64 of the 32-byte AES key of secrets at rest; a key kept in memory is for"
                  + " development only"));
    }
    require(
        binder,
        missing,
        PREFIX + "internal-token",
        "the bearer secret xapi-emitter reads tenant settings with");
    if (value(binder, PREFIX + "admin.issuer-uri") == null
        && value(binder, PREFIX + "admin.jwk-set-uri") == null) {
      missing.add(
          describe(
              PREFIX + "admin.issuer-uri",
              "the OIDC issuer of admin API tokens (or " + PREFIX + "admin.jwk-set-uri)"));
    }
    return missing;
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

  /** Start-up refused: settings production needs are missing. */
  public static final class MissingSettingsException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    MissingSettingsException(String service, List<String> missing) {
      super(
          service
              + " refuses to start: missing required setting(s) outside the dev/local profile:\n  "
              + String.join("\n  ", missing)
              + "\n(see docs/configuration.md; development: --spring.profiles.active=dev)");
    }
  }
}

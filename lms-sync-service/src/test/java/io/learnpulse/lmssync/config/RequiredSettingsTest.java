package io.learnpulse.lmssync.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.learnpulse.lmssync.LmsSyncApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Outside the dev profile lms-sync-service refuses to start, naming each missing setting. */
class RequiredSettingsTest {

  /** Every setting production needs, as the manifests give them. */
  static Map<String, String> production() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("spring.kafka.bootstrap-servers", "kafka:9092");
    settings.put("spring.datasource.url", "jdbc:postgresql://db:5432/learnpulse");
    settings.put("spring.datasource.username", "learnpulse");
    settings.put("spring.datasource.password", "secret");
    settings.put("learnpulse.lms-sync.schema-registry-url", "http://registry:8081");
    settings.put("learnpulse.lms-sync.issuer", "https://lms-sync.example");
    settings.put("learnpulse.lms-sync.player-url", "https://player.example");
    settings.put("learnpulse.lms-sync.bridge.public-url", "https://lms-sync.example");
    settings.put("learnpulse.lms-sync.bridge.ingest-url", "https://ingest.example");
    settings.put("learnpulse.lms-sync.signing-key-pem", "-----BEGIN PRIVATE KEY-----");
    settings.put("learnpulse.lms-sync.secrets-key", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
    settings.put("learnpulse.lms-sync.internal-token", "0123456789abcdef0123");
    settings.put("learnpulse.lms-sync.admin.issuer-uri", "https://idp.example");
    return settings;
  }

  private static List<String> missing(Map<String, String> settings) {
    return RequiredSettings.missing(new Binder(new MapConfigurationPropertySource(settings)));
  }

  @Test
  void theManifestsSettingsAreEnough() {
    assertThat(missing(production())).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "spring.kafka.bootstrap-servers",
        "spring.datasource.url",
        "spring.datasource.password",
        "learnpulse.lms-sync.schema-registry-url",
        "learnpulse.lms-sync.issuer",
        "learnpulse.lms-sync.player-url",
        "learnpulse.lms-sync.bridge.public-url",
        "learnpulse.lms-sync.bridge.ingest-url",
        "learnpulse.lms-sync.signing-key-pem",
        "learnpulse.lms-sync.secrets-key",
        "learnpulse.lms-sync.internal-token",
        "learnpulse.lms-sync.admin.issuer-uri"
      })
  void eachMissingSettingIsNamedWithItsEnvironmentVariable(String name) {
    Map<String, String> settings = production();
    settings.remove(name);
    String env = name.toUpperCase().replace('.', '_').replace('-', '_');
    assertThat(missing(settings)).singleElement().asString().startsWith(name + " (" + env + "): ");
  }

  @Test
  void anExistingKeyFileWithItsSecretsKeyIsAConfiguredKey(@TempDir Path dir) throws Exception {
    Map<String, String> settings = production();
    settings.remove("learnpulse.lms-sync.signing-key-pem");
    settings.remove("learnpulse.lms-sync.secrets-key");
    Path keyFile = dir.resolve("signing-key.json");
    settings.put("learnpulse.lms-sync.signing-key-file", keyFile.toString());

    assertThat(missing(settings))
        .as("a key file that does not exist would be generated per replica")
        .hasSize(2)
        .first()
        .asString()
        .contains("does not exist");

    Files.writeString(keyFile, "{}");
    Files.writeString(dir.resolve("lms-sync-secrets.key"), "key");
    assertThat(missing(settings)).isEmpty();
  }

  @Test
  void theJwkSetUriAloneConfiguresTheAdminApi() {
    Map<String, String> settings = production();
    settings.remove("learnpulse.lms-sync.admin.issuer-uri");
    settings.put("learnpulse.lms-sync.admin.jwk-set-uri", "https://idp.example/jwks");
    assertThat(missing(settings)).isEmpty();
  }

  @Test
  void theServiceRefusesToStartOutsideDevNamingTheSetting() {
    Map<String, String> settings = production();
    settings.remove("learnpulse.lms-sync.internal-token");
    settings.remove("learnpulse.lms-sync.bridge.public-url");
    List<String> args = new ArrayList<>();
    args.add("--spring.profiles.active=production");
    settings.forEach((k, v) -> args.add("--" + k + "=" + v));

    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(LmsSyncApplication.class)
                    .web(WebApplicationType.NONE)
                    .run(args.toArray(String[]::new))
                    .close())
        .isInstanceOf(RequiredSettings.MissingSettingsException.class)
        .hasMessageContaining("lms-sync-service refuses to start")
        .hasMessageContaining(
            "learnpulse.lms-sync.internal-token (LEARNPULSE_LMS_SYNC_INTERNAL_TOKEN)")
        .hasMessageContaining(
            "learnpulse.lms-sync.bridge.public-url (LEARNPULSE_LMS_SYNC_BRIDGE_PUBLIC_URL)")
        .hasMessageNotContaining("learnpulse.lms-sync.issuer (");
  }
}

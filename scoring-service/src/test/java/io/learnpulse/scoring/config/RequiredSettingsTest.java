package io.learnpulse.scoring.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.learnpulse.scoring.ScoringApplication;
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

/** scoring-service refuses to start without what it needs, naming the setting. */
class RequiredSettingsTest {

  @TempDir Path dir;

  private Map<String, String> production() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("spring.kafka.bootstrap-servers", "kafka:9092");
    settings.put("learnpulse.scoring.schema-registry-url", "http://registry:8081");
    settings.put("learnpulse.scoring.advertised-host", "10.0.0.7");
    settings.put("learnpulse.scoring.state-dir", dir.resolve("state").toString());
    return settings;
  }

  private static List<String> missing(Map<String, String> settings, boolean production) {
    return RequiredSettings.missing(
        new Binder(new MapConfigurationPropertySource(settings)), production);
  }

  @Test
  void theManifestsSettingsAreEnoughAndTheStateDirectoryIsCreated() {
    assertThat(missing(production(), true)).isEmpty();
    assertThat(dir.resolve("state")).isDirectory();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "spring.kafka.bootstrap-servers",
        "learnpulse.scoring.schema-registry-url",
        "learnpulse.scoring.advertised-host"
      })
  void eachMissingSettingIsNamedOutsideDev(String name) {
    Map<String, String> settings = production();
    settings.remove(name);
    String env = name.toUpperCase().replace('.', '_').replace('-', '_');
    assertThat(missing(settings, true)).singleElement().asString().startsWith(name + " (" + env);
    assertThat(missing(settings, false)).isEmpty();
  }

  @Test
  void aStateDirectoryThatCannotBeCreatedIsRefusedInEveryProfile() throws Exception {
    // under a regular file no directory can be created, whoever runs the test (root included)
    Path aFile = Files.writeString(dir.resolve("a-file"), "not a directory");
    Map<String, String> settings = production();
    settings.put("learnpulse.scoring.state-dir", aFile.resolve("kafka-streams").toString());
    assertThat(missing(settings, false))
        .singleElement()
        .asString()
        .startsWith("learnpulse.scoring.state-dir (LEARNPULSE_SCORING_STATE_DIR)")
        .contains("cannot be created");
  }

  @Test
  void theServiceRefusesToStartOutsideDevNamingTheSetting() {
    Map<String, String> settings = production();
    settings.remove("learnpulse.scoring.schema-registry-url");
    List<String> args = new ArrayList<>();
    args.add("--spring.profiles.active=production");
    settings.forEach((k, v) -> args.add("--" + k + "=" + v));

    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(ScoringApplication.class)
                    .web(WebApplicationType.NONE)
                    .run(args.toArray(String[]::new))
                    .close())
        .isInstanceOf(RequiredSettings.MissingSettingsException.class)
        .hasMessageContaining("scoring-service refuses to start")
        .hasMessageContaining(
            "learnpulse.scoring.schema-registry-url (LEARNPULSE_SCORING_SCHEMA_REGISTRY_URL)");
  }
}

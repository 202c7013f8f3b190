package io.learnpulse.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.learnpulse.ingest.IngestApplication;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Outside the dev profile ingest-service refuses to start, naming each missing setting. */
class RequiredSettingsTest {

  private static Map<String, String> production() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("spring.kafka.bootstrap-servers", "kafka:9092");
    settings.put("learnpulse.ingest.schema-registry-url", "http://registry:8081");
    settings.put(
        "learnpulse.ingest.jwks-uri", "http://lms-sync-service:8083/.well-known/jwks.json");
    settings.put("learnpulse.ingest.issuer", "https://lms-sync.example");
    return settings;
  }

  @Test
  void eachMissingSettingIsNamed() {
    assertThat(RequiredSettings.missing(production()::get)).isEmpty();
    for (String name : List.copyOf(production().keySet())) {
      Map<String, String> settings = production();
      settings.remove(name);
      assertThat(RequiredSettings.missing(settings::get))
          .as(name)
          .singleElement()
          .asString()
          .startsWith(name + " (" + name.toUpperCase().replace('.', '_').replace('-', '_'));
    }
  }

  @Test
  void theServiceRefusesToStartOutsideDevNamingTheSetting() {
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(IngestApplication.class)
                    .web(WebApplicationType.NONE)
                    .run(
                        "--spring.profiles.active=production",
                        "--spring.kafka.bootstrap-servers=kafka:9092",
                        "--learnpulse.ingest.schema-registry-url=http://registry:8081",
                        "--learnpulse.ingest.issuer=https://lms-sync.example")
                    .close())
        .isInstanceOf(RequiredSettings.MissingSettingsException.class)
        .hasMessageContaining("ingest-service refuses to start")
        .hasMessageContaining("learnpulse.ingest.jwks-uri (LEARNPULSE_INGEST_JWKS_URI)")
        .hasMessageNotContaining("learnpulse.ingest.issuer (");
  }
}

package io.learnpulse.xapi.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.learnpulse.xapi.XapiEmitterApplication;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Outside the dev profile xapi-emitter refuses to start, naming each missing setting. */
class RequiredSettingsTest {

  private static Map<String, String> production() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("SCHEMA_REGISTRY_URL", "http://registry:8081");
    settings.put("learnpulse.xapi.tenant-source", "lms-sync");
    settings.put("learnpulse.xapi.lms-sync.base-url", "http://lms-sync-service:8083");
    settings.put("learnpulse.xapi.lms-sync.internal-token", "0123456789abcdef");
    return settings;
  }

  @Test
  void theManifestsSettingsAreEnough() {
    assertThat(RequiredSettings.missing(production()::get)).isEmpty();
  }

  @Test
  void eachMissingSettingIsNamed() {
    for (String name : List.copyOf(production().keySet())) {
      if (name.equals("learnpulse.xapi.tenant-source")) {
        continue;
      }
      Map<String, String> settings = production();
      settings.remove(name);
      assertThat(RequiredSettings.missing(settings::get))
          .as(name)
          .singleElement()
          .asString()
          .contains(name);
    }
  }

  @Test
  void tenantsFromPropertiesNeedNoLmsSync() {
    Map<String, String> settings = production();
    settings.put("learnpulse.xapi.tenant-source", "properties");
    settings.remove("learnpulse.xapi.lms-sync.internal-token");
    assertThat(RequiredSettings.missing(settings::get)).isEmpty();
  }

  @Test
  void theServiceRefusesToStartOutsideDevNamingTheSetting() {
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(XapiEmitterApplication.class)
                    .web(WebApplicationType.NONE)
                    .run(
                        "--spring.profiles.active=production",
                        "--learnpulse.xapi.schema-registry-url=http://registry:8081",
                        "--learnpulse.xapi.tenant-source=lms-sync",
                        "--learnpulse.xapi.lms-sync.base-url=http://lms-sync-service:8083")
                    .close())
        .isInstanceOf(RequiredSettings.MissingSettingsException.class)
        .hasMessageContaining("xapi-emitter refuses to start")
        .hasMessageContaining(
            "learnpulse.xapi.lms-sync.internal-token (LEARNPULSE_XAPI_LMS_SYNC_INTERNAL_TOKEN)")
        .hasMessageNotContaining("schema-registry-url");
  }
}

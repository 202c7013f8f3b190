package io.learnpulse.deploy;

import static io.learnpulse.deploy.DeployFixtures.REPO;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The unbound-variable check the manifest tests rely on refuses the binding mistakes issue 14
 * found, and accepts the forms Spring Boot's relaxed binding reads.
 */
class PropertyCatalogTest {

  @Test
  void aVariableThatBindsToNothingIsRefused() {
    PropertyCatalog lmsSync = PropertyCatalog.of(REPO.resolve("lms-sync-service"));
    PropertyCatalog scoring = PropertyCatalog.of(REPO.resolve("scoring-service"));

    // issue 14: an admin token lms-sync never had; ingest's registry variable given to scoring
    assertThat(lmsSync.binds("LEARNPULSE_LMS_SYNC_ADMIN_TOKEN")).isFalse();
    assertThat(scoring.binds("LEARNPULSE_INGEST_SCHEMA_REGISTRY_URL")).isFalse();
    assertThat(scoring.binds("LEARNPULSE_SCORING_STATEDIRECTORY")).isFalse();
  }

  @Test
  void relaxedBindingFormsOfAServicesPropertiesAndSpringsAreAccepted() {
    PropertyCatalog lmsSync = PropertyCatalog.of(REPO.resolve("lms-sync-service"));
    PropertyCatalog xapi = PropertyCatalog.of(REPO.resolve("xapi-emitter"));

    assertThat(lmsSync.binds("LEARNPULSE_LMS_SYNC_BRIDGE_PUBLIC_URL")).isTrue();
    assertThat(lmsSync.binds("LEARNPULSE_LMSSYNC_BRIDGE_PUBLICURL")).isTrue();
    assertThat(lmsSync.binds("SPRING_DATASOURCE_URL")).isTrue();
    assertThat(lmsSync.binds("SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG")).isTrue();
    assertThat(xapi.binds("SCHEMA_REGISTRY_URL")).as("a ${NAME} of application.yml").isTrue();
    assertThat(xapi.binds("LEARNPULSE_XAPI_TENANTS_DEMO_ENDPOINT")).as("a map entry").isTrue();
  }
}

package io.learnpulse.xapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.learnpulse.xapi.ops.XapiEndpoint;
import io.learnpulse.xapi.ops.XapiHealthIndicator;
import io.learnpulse.xapi.tenant.TenantDirectory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;

/** The application's wiring: tenants from properties, and a start-up refusal of a half setting. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {
      "learnpulse.xapi.consumer.auto-startup=false",
      "learnpulse.xapi.activity-base=https://learn.example.com/xapi/activities",
      "learnpulse.xapi.tenants.acme.enabled=true",
      "learnpulse.xapi.tenants.acme.endpoint=http://127.0.0.1:9/xAPI",
      "learnpulse.xapi.tenants.acme.home-page=https://lms.acme.example",
      "learnpulse.xapi.tenants.acme.username=key",
      "learnpulse.xapi.tenants.acme.password=${ACME_LRS_SECRET:from-the-environment}",
      "learnpulse.xapi.tenants.quiet.enabled=false",
      "learnpulse.xapi.tenants.quiet.endpoint=http://127.0.0.1:9/xAPI"
    })
class XapiEmitterApplicationTest {

  @Autowired TenantDirectory tenants;
  @Autowired XapiEndpoint endpoint;
  @Autowired XapiHealthIndicator health;

  @Test
  void lmsSyncWithoutTheInternalTokenIsAStartUpErrorNamingTheSetting() {
    SpringApplicationBuilder app =
        new SpringApplicationBuilder(XapiEmitterApplication.class)
            .web(WebApplicationType.NONE)
            .properties(
                "learnpulse.xapi.consumer.auto-startup=false",
                "learnpulse.xapi.tenant-source=lms-sync",
                "learnpulse.xapi.lms-sync.base-url=http://127.0.0.1:9");

    assertThatThrownBy(app::run)
        .rootCause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("learnpulse.xapi.lms-sync.internal-token");
  }

  @Test
  void onlyOptedInTenantsAreRegisteredAndShownWithoutSecrets() {
    assertThat(tenants.find("acme")).isPresent();
    assertThat(tenants.find("quiet")).isEmpty();
    assertThat(endpoint.tenants()).containsOnlyKeys("acme");
    assertThat(health.health().getDetails().toString())
        .contains("acme")
        .doesNotContain("from-the-environment");
  }
}

package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Actuator is on the management port; the service port answers the health status alone, at Boot's
 * additional paths {@code /healthz}, {@code /livez} and {@code /readyz} (ADR 32), and nothing of
 * actuator (issue 10: {@code /actuator/prometheus} was public on the service port).
 */
class ManagementPortIT extends LmsSyncITSupport {

  @Test
  void metricsAndHealthDetailsAreOnTheManagementPortOnly() throws Exception {
    assertThat(managementPort).isNotEqualTo(port);

    Answer metrics = call("GET", "/actuator/prometheus", null, null, managementPort);
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.raw()).contains("learnpulse_lms_sync_bridge_streams");
    Answer details = call("GET", "/actuator/health", null, null, managementPort);
    assertThat(details.body().path("components").isObject()).as(details.raw()).isTrue();

    for (String path :
        new String[] {
          "/actuator/prometheus", "/actuator", "/actuator/info", "/actuator/health/readiness"
        }) {
      Answer answer = call("GET", path, null, null, port);
      assertThat(answer.status()).as(path).isEqualTo(404);
      assertThat(answer.contentType()).startsWith("application/problem+json");
    }
  }

  @Test
  void theServicePortAnswersHealthAndProbesWithTheStatusOnly() throws Exception {
    String[][] servicePortAndManagementPort = {
      {"/healthz", "/actuator/health/overall"},
      {"/livez", "/actuator/health/liveness"},
      {"/readyz", "/actuator/health/readiness"}
    };
    for (String[] paths : servicePortAndManagementPort) {
      Answer onServicePort = call("GET", paths[0], null, null, port);
      assertThat(onServicePort.status()).as(paths[0]).isEqualTo(200);
      assertThat(onServicePort.body().path("status").asText()).isEqualTo("UP");
      assertThat(onServicePort.body().size()).as(onServicePort.raw()).isEqualTo(1);
      assertThat(call("GET", paths[1], null, null, managementPort).status())
          .as(paths[1])
          .isEqualTo(200);
    }
    // the admin console's Health screen reads /healthz; the actuator path is not served here
    assertThat(call("GET", "/actuator/health", null, null, port).status()).isEqualTo(404);
  }
}

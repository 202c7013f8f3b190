package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Actuator is on the management port; the service port answers health (status only) and nothing
 * else of it (issue 10: {@code /actuator/prometheus} was public on the service port).
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

    for (String path : new String[] {"/actuator/prometheus", "/actuator", "/actuator/info"}) {
      Answer answer = call("GET", path, null, null, port);
      assertThat(answer.status()).as(path).isEqualTo(404);
      assertThat(answer.contentType()).startsWith("application/problem+json");
    }
  }

  @Test
  void theServicePortAnswersHealthAndProbesWithTheStatusOnly() throws Exception {
    for (String path :
        new String[] {
          "/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"
        }) {
      Answer onServicePort = call("GET", path, null, null, port);
      assertThat(onServicePort.status()).as(path).isEqualTo(200);
      assertThat(onServicePort.body().path("status").asText()).isEqualTo("UP");
      assertThat(onServicePort.body().size()).as(onServicePort.raw()).isEqualTo(1);
      assertThat(call("GET", path, null, null, managementPort).status()).as(path).isEqualTo(200);
    }
  }
}

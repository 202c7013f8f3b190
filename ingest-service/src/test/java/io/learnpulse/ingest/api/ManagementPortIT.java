package io.learnpulse.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.ingest.support.PrometheusScrape;
import io.learnpulse.ingest.support.SharedKafkaTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * Actuator is on the management port; the service port answers health (status only) and nothing
 * else of it (issue 10: {@code /actuator/prometheus} was public on ingest's service port).
 */
class ManagementPortIT extends SharedKafkaTest {

  @Test
  void metricsAndInfoAreOnTheManagementPortOnly() {
    PrometheusScrape scrape = PrometheusScrape.from(managementPort);
    assertThat(scrape.has("learnpulse_ingest_requests_total")).isTrue();

    for (String path : new String[] {"/actuator/prometheus", "/actuator", "/actuator/info"}) {
      client.get().uri(path).exchange().expectStatus().isNotFound();
    }
  }

  @Test
  void theServicePortAnswersHealthAndProbesWithTheStatusOnly() {
    for (String path :
        new String[] {
          "/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"
        }) {
      client
          .get()
          .uri(path)
          .exchange()
          .expectStatus()
          .isOk()
          .expectHeader()
          .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
          .expectBody()
          .json("{\"status\": \"UP\"}", org.springframework.test.json.JsonCompareMode.STRICT);
    }
  }
}

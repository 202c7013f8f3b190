package io.learnpulse.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.ingest.support.PrometheusScrape;
import io.learnpulse.ingest.support.SharedKafkaTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * Actuator is on the management port; the service port answers the health status alone, at Boot's
 * additional paths {@code /healthz}, {@code /livez} and {@code /readyz} (ADR 32), and nothing of
 * actuator (issue 10: {@code /actuator/prometheus} was public on ingest's service port).
 */
class ManagementPortIT extends SharedKafkaTest {

  @Test
  void metricsAndInfoAreOnTheManagementPortOnly() {
    PrometheusScrape scrape = PrometheusScrape.from(managementPort);
    assertThat(scrape.has("learnpulse_ingest_requests_total")).isTrue();

    for (String path :
        new String[] {
          "/actuator/prometheus",
          "/actuator",
          "/actuator/info",
          "/actuator/health",
          "/actuator/health/readiness"
        }) {
      client.get().uri(path).exchange().expectStatus().isNotFound();
    }
  }

  @Test
  void theServicePortAnswersHealthAndProbesWithTheStatusOnly() {
    for (String path : new String[] {"/healthz", "/livez", "/readyz"}) {
      client
          .get()
          .uri(path)
          .exchange()
          .expectStatus()
          .isOk()
          .expectHeader()
          // actuator's own JSON type (Boot answers it without an Accept header)
          .contentTypeCompatibleWith(
              MediaType.parseMediaType("application/vnd.spring-boot.actuator.v3+json"))
          .expectBody()
          .json("{\"status\": \"UP\"}", org.springframework.test.json.JsonCompareMode.STRICT);
    }
  }
}

package io.learnpulse.xapi.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.xapi.XapiEmitterApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Actuator, with {@code /actuator/xapi} (replays, resume) and the metrics, is served on the
 * management port only, bound to loopback; the main port answers the probes and nothing else.
 */
@SpringBootTest(
    classes = XapiEmitterApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.server.port=0",
      "learnpulse.xapi.consumer.auto-startup=false",
      "learnpulse.xapi.management-token=ops-secret",
      "spring.kafka.bootstrap-servers=127.0.0.1:9",
      "spring.kafka.consumer.properties.schema.registry.url=http://127.0.0.1:9"
    })
class ManagementPortTest {

  @LocalServerPort int serverPort;
  @LocalManagementPort int managementPort;

  @Value("${management.server.address}")
  String managementAddress;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void xapiActionsAndMetricsAreOnTheLoopbackManagementPortOnly() throws Exception {
    assertThat(managementPort).isNotEqualTo(serverPort);
    assertThat(managementAddress).isEqualTo("127.0.0.1");

    assertThat(status(managementPort, "/actuator/xapi")).isEqualTo(200);
    assertThat(status(managementPort, "/actuator/prometheus")).isEqualTo(200);
    assertThat(status(serverPort, "/actuator/xapi")).isEqualTo(404);
    assertThat(status(serverPort, "/actuator/prometheus")).isEqualTo(404);
    assertThat(status(serverPort, "/actuator")).isEqualTo(404);
  }

  @Test
  void probesAnswerOnBothPorts() throws Exception {
    // the service port: Boot's additional paths of the health groups (ADR 32)
    assertThat(status(serverPort, "/livez")).isEqualTo(200);
    assertThat(status(serverPort, "/readyz")).isEqualTo(200);
    // every component: this test has no broker, so the overall status may be DOWN (503)
    assertThat(status(serverPort, "/healthz")).isIn(200, 503);
    assertThat(status(serverPort, "/actuator/health/readiness")).isEqualTo(404);
    assertThat(status(managementPort, "/actuator/health/liveness")).isEqualTo(200);
    assertThat(status(managementPort, "/actuator/health/readiness")).isEqualTo(200);
  }

  @Test
  void writeActionsNeedTheManagementToken() throws Exception {
    String resume = "{\"action\":\"resume\",\"tenant\":\"nobody\"}";

    HttpResponse<String> anonymous = post(managementPort, resume, null);
    HttpResponse<String> wrong = post(managementPort, resume, "Bearer not-it");
    HttpResponse<String> right = post(managementPort, resume, "Bearer ops-secret");

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(anonymous.body()).contains("urn:learnpulse:problem:invalid-token");
    assertThat(wrong.statusCode()).isEqualTo(401);
    // authenticated: the action runs (and answers that the tenant is unknown)
    assertThat(right.statusCode()).isNotIn(401, 403);
    assertThat(post(serverPort, resume, "Bearer ops-secret").statusCode()).isEqualTo(404);
    assertThat(status(managementPort, "/actuator/xapi")).isEqualTo(200);
  }

  private HttpResponse<String> post(int port, String json, String authorization) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/xapi"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private int status(int port, String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}

package io.learnpulse.xapi.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.xapi.XapiEmitterApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;

/** Without a management token configured, no write action of /actuator/xapi runs. */
@SpringBootTest(
    classes = XapiEmitterApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "management.server.port=0",
      "learnpulse.xapi.consumer.auto-startup=false",
      "spring.kafka.bootstrap-servers=127.0.0.1:9",
      "spring.kafka.consumer.properties.schema.registry.url=http://127.0.0.1:9"
    })
class WriteActionsDisabledTest {

  @LocalManagementPort int managementPort;

  @Test
  void writesAreForbiddenWhenNoTokenIsConfigured() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + managementPort + "/actuator/xapi"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer anything")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"action\":\"replay-dead-letters\",\"topic\":\"learnpulse.activity.v1\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body())
        .contains("urn:learnpulse:problem:forbidden")
        .contains("learnpulse.xapi.management-token");
  }
}

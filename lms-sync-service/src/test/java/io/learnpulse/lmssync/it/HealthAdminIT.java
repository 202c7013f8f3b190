package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.learnpulse.schemas.topics.Topics;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The Health view (ADR 0028): the tenant's LRS delivery state, only its own row of what
 * xapi-emitter reports, and the platform-wide pipeline figures read from the embedded broker
 * (consumer lag of lms-sync's real group, dead-letter topic sizes growing as records arrive).
 *
 * <p>xapi-emitter's {@code /actuator/xapi} is played by a JDK HTTP server answering the document
 * the emitter's {@code XapiEndpoint} writes, for two tenants: starting the emitter with a failing
 * LRS here would test the emitter, not what this service lets through.
 */
class HealthAdminIT extends LmsSyncITSupport {

  private static final Duration HOUR = Duration.ofHours(1);
  private static final String ACME = unique("acme");
  private static final String GLOBEX = unique("globex");
  private static final HttpServer XAPI = xapiStatus();

  @DynamicPropertySource
  static void xapiStatusUrl(DynamicPropertyRegistry registry) {
    registry.add(
        "learnpulse.lms-sync.health.xapi-status-url",
        () -> "http://127.0.0.1:" + XAPI.getAddress().getPort() + "/actuator/xapi");
    registry.add("learnpulse.lms-sync.health.cache-for", () -> "1s");
  }

  @AfterAll
  static void stopXapi() {
    XAPI.stop(0);
  }

  @Test
  void showsTheTenantsOwnLrsDeliveryStateAndPlatformFiguresWithoutOtherTenants() throws Exception {
    tenantWithAssignment(ACME, unique("a"));
    tenantWithAssignment(GLOBEX, unique("g"));
    for (String tenant : List.of(ACME, GLOBEX)) {
      useLrs(tenant, URI.create("https://lrs." + tenant + ".example/xapi/"), "secret-password");
    }
    String analyst = ISSUER.mint("bob", ACME, List.of("analyst"), HOUR);

    Answer health = call("GET", "/v1/admin/tenants/" + ACME + "/health", analyst, null);

    assertThat(health.status()).as(health.raw()).isEqualTo(200);
    JsonNode lrs = health.body().path("lrs");
    assertThat(lrs.path("enabled").asBoolean()).isTrue();
    assertThat(lrs.path("endpointHost").asText()).isEqualTo("lrs." + ACME + ".example");
    assertThat(lrs.path("delivery").path("source").asText()).isEqualTo("xapi-emitter");
    assertThat(lrs.path("delivery").path("state").asText()).isEqualTo("RETRYING");
    assertThat(lrs.path("delivery").path("backlog").asLong()).isEqualTo(12);
    assertThat(health.raw())
        .doesNotContain(GLOBEX)
        .doesNotContain("PAUSED")
        .doesNotContain("secret");

    JsonNode groups = health.body().path("pipeline").path("consumerGroups");
    assertThat(groups).hasSize(5);
    assertThat(groups.get(0).path("group").asText()).isEqualTo("lms-sync-activity");
    assertThat(groups.get(0).path("partitions").asInt()).isPositive();
    assertThat(groups.get(0).path("lag").isNumber()).isTrue();
    assertThat(health.body().path("pipeline").path("error").isNull()).isTrue();
    assertThat(groups.get(4).path("group").asText()).isEqualTo("xapi-emitter");
    assertThat(groups.get(4).path("state").asText())
        .as("no xapi-emitter in this test: a row, not an error")
        .isEqualTo("NOT_FOUND");

    String dlt = Topics.deadLetterTopicOf(Topics.HEARTBEAT.name());
    long before = deadLetters(analyst, dlt);
    try (KafkaProducer<String, byte[]> producer = rawProducer()) {
      for (int i = 0; i < 3; i++) {
        producer.send(new ProducerRecord<>(dlt, "k" + i, new byte[] {1, 2, 3})).get();
      }
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(deadLetters(analyst, dlt)).isEqualTo(before + 3));

    Answer other = call("GET", "/v1/admin/tenants/" + GLOBEX + "/health", analyst, null);
    assertThat(other.status()).isEqualTo(403);
    Answer unknown =
        call("GET", "/v1/admin/tenants/" + unique("nobody") + "/health", ADMIN_TOKEN, null);
    assertThat(unknown.status()).isEqualTo(404);
  }

  private long deadLetters(String token, String topic) throws Exception {
    JsonNode body = call("GET", "/v1/admin/tenants/" + ACME + "/health", token, null).body();
    for (JsonNode row : body.path("pipeline").path("deadLetters")) {
      if (row.path("topic").asText().equals(topic)) {
        return row.path("records").asLong();
      }
    }
    throw new AssertionError("no row for " + topic + " in " + body);
  }

  private static HttpServer xapiStatus() {
    return jsonServer(
        "/actuator/xapi",
        200,
        "{\""
            + ACME
            + "\":{\"state\":\"RETRYING\",\"backlog\":12,\"inFlight\":1,"
            + "\"parked\":0,\"dropped\":0,\"reason\":\"HTTP 503 from the LRS\"},"
            + "\""
            + GLOBEX
            + "\":{\"state\":\"PAUSED\",\"backlog\":99,\"inFlight\":0,"
            + "\"parked\":5,\"dropped\":0,\"reason\":\"401 from lrs."
            + GLOBEX
            + "\"}}",
        new AtomicInteger());
  }
}

package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * ADR 42: while {@code max-connection-waiters} threads wait for a database connection, an API
 * request is answered 503 at once instead of joining them, writes nothing, and the same request is
 * served once the pool has connections again. A replica with a pool of three connections (one of
 * them the commit streams' LISTEN connection) and a limit of two waiters; the test holds the other
 * two itself, so requests that reach the pool wait.
 */
class DatabaseAdmissionIT extends LmsSyncITSupport {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void whileTheWaitersAreAtTheLimitARequestIsShedAtOnceAndNothingIsWritten() throws Exception {
    String tenant = unique("busy");
    String assignment = unique("burst");
    tenantWithAssignment(tenant, assignment);
    String descriptor = descriptor(tenant, assignment, "SCORM_12");

    try (ConfigurableApplicationContext replica = smallPoolReplica()) {
      int replicaPort = ((WebServerApplicationContext) replica).getWebServer().getPort();
      HikariDataSource pool = replica.getBean(DataSource.class).unwrap(HikariDataSource.class);
      List<Connection> held = new ArrayList<>();
      List<CompletableFuture<HttpResponse<String>>> queued = new ArrayList<>();
      HttpResponse<String> shed;
      try {
        held.add(pool.getConnection());
        held.add(pool.getConnection());
        // requests that reach the pool now wait (up to the replica's 20 s connection timeout)
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> {
                  if (pool.getHikariPoolMXBean().getThreadsAwaitingConnection() < 2) {
                    queued.add(
                        CLIENT.sendAsync(
                            launchRequest(replicaPort, descriptor, "queued-" + queued.size()),
                            HttpResponse.BodyHandlers.ofString()));
                    return false;
                  }
                  return true;
                });
        shed =
            CLIENT.send(
                launchRequest(replicaPort, descriptor, "shed-learner"),
                HttpResponse.BodyHandlers.ofString());
      } finally {
        for (Connection connection : held) {
          connection.close();
        }
      }

      assertThat(shed.statusCode()).as(shed.body()).isEqualTo(503);
      assertThat(shed.headers().firstValue("Retry-After")).contains("2");
      assertThat(shed.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
      JsonNode problem = json.readTree(shed.body());
      assertThat(problem.path("type").asText()).isEqualTo("urn:learnpulse:problem:unavailable");
      assertThat(problem.path("detail").asText()).contains("already wait for a connection");
      // readable by the bridge in the LMS's page: the CORS headers are on the shed answer too
      assertThat(shed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(LMS_ORIGIN);
      assertThat(shed.headers().firstValue("Access-Control-Expose-Headers"))
          .hasValueSatisfying(exposed -> assertThat(exposed).containsIgnoringCase("Retry-After"));

      // the queued requests get connections once they are free; any shed like the one above
      for (CompletableFuture<HttpResponse<String>> request : queued) {
        HttpResponse<String> answer = request.get(30, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).as(answer.body()).isIn(201, 503);
        if (answer.statusCode() == 503) {
          assertThat(answer.body()).contains("already wait for a connection");
        }
      }
      assertThat(registrationsOf(tenant, "shed-learner")).as("nothing written").isZero();
      assertThat(
              replica
                  .getBean(MeterRegistry.class)
                  .counter("learnpulse.lms-sync.requests.shed", "reason", "database-busy")
                  .count())
          .isGreaterThanOrEqualTo(1);

      HttpResponse<String> again =
          CLIENT.send(
              launchRequest(replicaPort, descriptor, "shed-learner"),
              HttpResponse.BodyHandlers.ofString());
      assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
      assertThat(registrationsOf(tenant, "shed-learner")).isOne();
    }
  }

  private static final String LMS_ORIGIN = "https://lms.example";

  private HttpRequest launchRequest(int onPort, String descriptor, String learner)
      throws Exception {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + onPort + "/v1/launch"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        // as the bridge sends it: from the LMS's origin
        .header("Origin", LMS_ORIGIN)
        .POST(
            HttpRequest.BodyPublishers.ofString(
                json.writeValueAsString(launchBody(descriptor, learner))))
        .build();
  }

  private long registrationsOf(String tenant, String learner) {
    return jdbc.sql("select count(*) from registrations where tenant_id = :t and learner_id = :l")
        .param("t", tenant)
        .param("l", learner)
        .query(Long.class)
        .single();
  }

  private static ConfigurableApplicationContext smallPoolReplica() {
    return replica(
        Path.of(System.getProperty("java.io.tmpdir"), "admission-it-signing-key.json"),
        "--spring.datasource.hikari.maximum-pool-size=3",
        "--spring.datasource.hikari.connection-timeout=20000",
        "--learnpulse.lms-sync.max-connection-waiters=2");
  }
}

package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Overload sheds (ADR 0034): with every pooled connection taken (a small pool, all of it held by
 * the test but the connection the service's commit listener keeps), a request that needs the
 * database is answered {@code 503 unavailable} with {@code Retry-After} after the pool's wait (the
 * shipped 2 s), never queued for long and never a 500; nothing is written; once the connections are
 * back, the same launch succeeds.
 */
@TestPropertySource(
    properties = "spring.datasource.hikari.maximum-pool-size=" + PoolSheddingIT.POOL)
class PoolSheddingIT extends LmsSyncITSupport {

  static final int POOL = 4;

  @Autowired DataSource dataSource;

  @Test
  void launchesAndQueriesAreShedWith503WhileThePoolIsExhausted() throws Exception {
    String tenant = unique("acme");
    String assignment = unique("shed");
    tenantWithAssignment(tenant, assignment);
    String descriptor = descriptor(tenant, assignment, "SCORM_12");

    HttpResponse<String> launch;
    Answer query;
    try (Held held = takeThePool()) {
      launch =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/launch"))
                      .header("Content-Type", "application/json")
                      // a client's timeout (the capacity run's): shed, not queued past it
                      .timeout(Duration.ofSeconds(10))
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"descriptor\":\""
                                  + descriptor
                                  + "\",\"learnerId\":\"learner-1\",\"entry\":\"ab-initio\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      query = call("GET", "/v1/admin/tenants/" + tenant + "/descriptors", ADMIN_TOKEN, null);
      assertThat(held.valid()).isTrue();
    }

    assertThat(launch.statusCode()).as(launch.body()).isEqualTo(503);
    assertThat(launch.headers().firstValue("Retry-After")).hasValue("2");
    assertThat(launch.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(launch.body()).contains("urn:learnpulse:problem:unavailable");
    assertThat(query.status()).as(query.raw()).isEqualTo(503);
    assertThat(query.body().path("type").asText()).endsWith("unavailable");
    assertThat(registrationCount(tenant)).as("nothing written").isZero();

    Answer afterwards = launch(descriptor, "learner-1");
    assertThat(afterwards.status()).as(afterwards.raw()).isEqualTo(201);
    assertThat(registrationCount(tenant)).isEqualTo(1);
  }

  /** Every connection of the pool, held by the test until closed. */
  private record Held(List<Connection> connections) implements AutoCloseable {

    boolean valid() throws SQLException {
      for (Connection connection : connections) {
        if (!connection.isValid(1)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public void close() throws SQLException {
      for (Connection connection : connections) {
        connection.close();
      }
    }
  }

  /**
   * Every connection of the pool that is free within the pool's wait, taken by the test: it takes
   * connections until taking one times out. Then no request can get one either; the connections it
   * did not get are held longer than the wait by the service itself (the commit listener's {@code
   * LISTEN} connection), and the background work that holds one a moment (outbox relay, sweeper,
   * listeners) gave its connection back to the test meanwhile.
   */
  private Held takeThePool() throws SQLException {
    List<Connection> taken = new ArrayList<>();
    try {
      while (taken.size() <= POOL) {
        taken.add(dataSource.getConnection());
      }
    } catch (SQLTransientConnectionException timedOut) {
      assertThat(taken).as("connections the test holds").isNotEmpty();
      return new Held(taken);
    }
    throw new IllegalStateException("took more connections than the pool has: " + taken.size());
  }
}

package io.learnpulse.xapi.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lms-sync tenant directory against an HTTP server on 127.0.0.1 that plays lms-sync-service's
 * part: it serves {@code GET /v1/internal/tenants/{tenantId}/lrs} as docs/contracts.md specifies.
 * It answers as lms-sync-service does (an unknown tenant: 404 with problem type {@code not-found};
 * internal API disabled: 404 with type {@code not-enabled}), so the client's rules can be driven to
 * every case, including failures the real service would need a broken deployment for.
 */
class LmsSyncTenantDirectoryTest {

  private static final String TOKEN = "internal-secret";

  private HttpServer lmsSync;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));

  private record Answer(int status, String body) {}

  /** lms-sync's answer for a tenant it does not know. */
  private static final Answer UNKNOWN_TENANT =
      new Answer(
          404,
          "{\"type\":\"urn:learnpulse:problem:not-found\",\"title\":\"No such resource\","
              + "\"status\":404,\"detail\":\"unknown tenant\"}");

  /** lms-sync's answer to every call while its internal API is disabled (no token there). */
  private static final Answer API_DISABLED =
      new Answer(
          404,
          "{\"type\":\"urn:learnpulse:problem:not-enabled\",\"title\":\"This API is not"
              + " enabled\",\"status\":404,\"detail\":\"The internal API is not enabled.\"}");

  @BeforeEach
  void startLmsSyncStandIn() throws IOException {
    lmsSync = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    lmsSync.createContext("/v1/internal/tenants/", this::serve);
    lmsSync.start();
  }

  @AfterEach
  void stop() {
    lmsSync.stop(0);
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      requests.add(path);
      if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        respond(exchange, new Answer(401, "{\"title\":\"Unauthorized\"}"));
        return;
      }
      String tenant =
          java.net.URLDecoder.decode(
              path.substring("/v1/internal/tenants/".length(), path.length() - 4),
              StandardCharsets.UTF_8);
      respond(exchange, answers.getOrDefault(tenant, UNKNOWN_TENANT));
    }
  }

  private static void respond(HttpExchange exchange, Answer answer) throws IOException {
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(answer.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private LmsSyncTenantDirectory directory(String token) {
    return new LmsSyncTenantDirectory(
        URI.create("http://127.0.0.1:" + lmsSync.getAddress().getPort()),
        token,
        Duration.ofMinutes(1),
        Duration.ofSeconds(2),
        clock);
  }

  private static String enabled(String user) {
    return "{\"enabled\":true,\"endpoint\":\"https://lrs.acme.example/xAPI\","
        + "\"homePage\":\"https://lms.acme.example\",\"username\":\""
        + user
        + "\",\"password\":\"s3cret\"}";
  }

  @Test
  void readsAnOptedInTenantsLrsWithTheInternalToken() {
    answers.put("acme", new Answer(200, enabled("key")));

    TenantSettings acme = directory(TOKEN).find("acme").orElseThrow();

    assertThat(acme.endpoint().statements())
        .isEqualTo(URI.create("https://lrs.acme.example/xAPI/statements"));
    assertThat(acme.endpoint().username()).isEqualTo("key");
    assertThat(acme.endpoint().password()).isEqualTo("s3cret");
    assertThat(acme.profile().homePage()).isEqualTo(URI.create("https://lms.acme.example"));
    assertThat(acme.endpoint().toString()).doesNotContain("s3cret");
    assertThat(requests).containsExactly("/v1/internal/tenants/acme/lrs");
  }

  @Test
  void aDisabledOrUnknownTenantGetsNoStatements() {
    answers.put("quiet", new Answer(200, "{\"enabled\":false}"));
    LmsSyncTenantDirectory directory = directory(TOKEN);

    assertThat(directory.find("quiet")).isEmpty();
    assertThat(directory.find("nobody")).isEmpty();
    assertThat(directory.all()).isEmpty();
  }

  @Test
  void cachesAnswersForTheTtlThenAsksAgain() {
    answers.put("acme", new Answer(200, enabled("key")));
    LmsSyncTenantDirectory directory = directory(TOKEN);
    directory.find("acme");
    answers.put("acme", new Answer(200, enabled("rotated")));

    clock.advance(Duration.ofSeconds(59));
    assertThat(directory.find("acme").orElseThrow().endpoint().username()).isEqualTo("key");
    assertThat(requests).hasSize(1);

    clock.advance(Duration.ofSeconds(2));
    assertThat(directory.find("acme").orElseThrow().endpoint().username()).isEqualTo("rotated");
    assertThat(requests).hasSize(2);
  }

  @Test
  void keepsUsingTheLastAnswerWhileLmsSyncFails() {
    answers.put("acme", new Answer(200, enabled("key")));
    LmsSyncTenantDirectory directory = directory(TOKEN);
    directory.find("acme");
    answers.put("acme", new Answer(503, "{}"));
    clock.advance(Duration.ofMinutes(5));

    assertThat(directory.find("acme").orElseThrow().endpoint().username()).isEqualTo("key");
  }

  @Test
  void withNothingCachedAFailureMeansTryLaterNotNoXapi() {
    answers.put("acme", new Answer(500, "{}"));
    answers.put("broken", new Answer(200, "{\"enabled\":true,\"endpoint\":\"https://x\"}"));

    assertThatThrownBy(() -> directory(TOKEN).find("acme"))
        .isInstanceOf(TenantDirectoryUnavailableException.class)
        .hasMessageContaining("500");
    assertThatThrownBy(() -> directory("wrong-token").find("acme"))
        .isInstanceOf(TenantDirectoryUnavailableException.class)
        .hasMessageContaining("401");
    assertThatThrownBy(() -> directory(TOKEN).find("broken"))
        .isInstanceOf(TenantDirectoryUnavailableException.class)
        .hasMessageContaining("homePage");
    lmsSync.stop(0);
    assertThatThrownBy(() -> directory(TOKEN).find("acme"))
        .isInstanceOf(TenantDirectoryUnavailableException.class);
  }

  @Test
  void aDisabledInternalApiIsNotReadAsNoXapi() {
    answers.put("acme", API_DISABLED);

    assertThatThrownBy(() -> directory(TOKEN).find("acme"))
        .isInstanceOf(TenantDirectoryUnavailableException.class)
        .hasMessageContaining("internal API");
    assertThat(LmsSyncTenantDirectory.unknownTenant(UNKNOWN_TENANT.body())).isTrue();
    assertThat(
            LmsSyncTenantDirectory.unknownTenant(
                "{\"type\":\"about:blank\",\"detail\":\"unknown tenant acme\"}"))
        .as("lms-sync before it typed its problems")
        .isTrue();
    assertThat(LmsSyncTenantDirectory.unknownTenant("<html>Not Found</html>")).isFalse();
    assertThat(LmsSyncTenantDirectory.unknownTenant("{}")).isFalse();
  }

  @Test
  void aRefreshAsksLmsSyncWhateverTheCacheHolds() {
    answers.put("acme", new Answer(200, enabled("key")));
    LmsSyncTenantDirectory directory = directory(TOKEN);
    directory.find("acme");
    answers.put("acme", new Answer(200, enabled("rotated")));

    assertThat(directory.refresh("acme").orElseThrow().endpoint().username()).isEqualTo("rotated");
    assertThat(directory.find("acme").orElseThrow().endpoint().username()).isEqualTo("rotated");
    assertThat(requests).hasSize(2);
    answers.put("acme", new Answer(503, "{}"));
    assertThatThrownBy(() -> directory.refresh("acme"))
        .isInstanceOf(TenantDirectoryUnavailableException.class);
  }

  @Test
  void encodesTheTenantIdAsOnePathSegment() {
    answers.put("a b/c", new Answer(200, "{\"enabled\":false}"));

    assertThat(directory(TOKEN).find("a b/c")).isEmpty();
    assertThat(requests).containsExactly("/v1/internal/tenants/a%20b%2Fc/lrs");
  }

  @Test
  void refusesToStartWithoutAToken() {
    assertThatThrownBy(() -> directory(" "))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("internal-token");
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}

package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.learnpulse.infra.lrs.LocalLrs;
import io.learnpulse.schemas.xapi.XapiUuids;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A registration's xAPI delivery ({@code GET …/registrations/{r}/xapi}, ADR 0031) against the real
 * LRS (embedded-infra's {@link LocalLrs}, Learning Locker's statement service): statements posted
 * for a registration come back through the admin endpoint, following {@code more} links, and no
 * other registration's; the cap truncates; tenant isolation; an LRS that is down, frozen past the
 * deadline (SIGSTOP), refusing, or on a host the URL policy refuses (no request made), and a {@code
 * more} link to another origin (not followed).
 *
 * <p>The local LRS accepts any credentials, so its 401 cannot be produced with it: a JDK HTTP
 * server answering 401 plays that LRS. Another one counts requests to show a refused host gets
 * none.
 */
class XapiDeliveryIT extends LmsSyncITSupport {

  private static final String PASSWORD = "lrs-secret-password-42";
  private static final LocalLrs LRS = startLrs();
  private static final AtomicInteger REFUSING_HITS = new AtomicInteger();
  private static final HttpServer REFUSING =
      jsonServer("/", 401, "{\"message\":\"Unauthorised\"}", REFUSING_HITS);
  private static final AtomicInteger FORBIDDEN_HITS = new AtomicInteger();
  private static final HttpServer FORBIDDEN_HOST =
      jsonServer("/", 200, "{\"statements\":[]}", FORBIDDEN_HITS);
  private static final int DEAD_PORT = freePort();
  private static final AtomicInteger WANDERING_HITS = new AtomicInteger();

  /** An LRS whose more link names another origin (the counting, not allowed server). */
  private static final HttpServer WANDERING =
      jsonServer(
          "/",
          200,
          "{\"statements\":[{\"id\":\"5f0e2b1a-7c3d-4e8f-9a1b-2c3d4e5f6a7b\","
              + "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/answered\"},"
              + "\"object\":{\"id\":\"https://learnpulse.example/challenges/c0\"}}],"
              + "\"more\":\"http://127.0.0.1:"
              + FORBIDDEN_HOST.getAddress().getPort()
              + "/xAPI/statements?more=2\"}",
          WANDERING_HITS);

  @DynamicPropertySource
  static void lookup(DynamicPropertyRegistry registry) {
    // The local LRS, the refusing stand-in and a port nobody listens on are on-premises LRSs for
    // the URL policy; the counting server is not listed, so it is refused.
    registry.add(
        "learnpulse.lms-sync.lrs-allowed-hosts",
        () ->
            "127.0.0.1:"
                + LRS.baseUrl().getPort()
                + ",127.0.0.1:"
                + REFUSING.getAddress().getPort()
                + ",127.0.0.1:"
                + DEAD_PORT
                + ",127.0.0.1:"
                + WANDERING.getAddress().getPort());
    registry.add("learnpulse.lms-sync.xapi-lookup.max-statements", () -> "5");
    registry.add("learnpulse.lms-sync.xapi-lookup.page-size", () -> "2");
    registry.add("learnpulse.lms-sync.xapi-lookup.deadline", () -> "2s");
  }

  @AfterAll
  static void stop() throws InterruptedException {
    LRS.close();
    REFUSING.stop(0);
    FORBIDDEN_HOST.stop(0);
    WANDERING.stop(0);
  }

  @Test
  void statementsPostedForARegistrationComeBackThroughTheAdminApiAndNoOthers() throws Exception {
    Launched launched = launched("SCORM_2004_4TH");
    Launched neighbour = launchedIn(launched, "learner-43", "SCORM_12");
    useLrs(launched.tenant(), LRS.baseUrl());
    List<String> ours = store(launched.registration(), 3);
    store(neighbour.registration(), 1);
    String analyst = ISSUER.mint("ann", launched.tenant(), List.of("analyst"), Duration.ofHours(1));

    Answer answer = xapi(launched.tenant(), launched.registration(), analyst);

    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    JsonNode body = answer.body();
    assertThat(body.path("state").asText()).isEqualTo("delivered");
    assertThat(body.path("xapiRegistration").asText())
        .isEqualTo(XapiUuids.registration(launched.registration()).toString());
    assertThat(body.path("count").asInt()).isEqualTo(3);
    assertThat(body.path("truncated").asBoolean())
        .as("three statements on pages of two: the more link was followed")
        .isFalse();
    assertThat(body.path("endpointHost").asText()).isEqualTo("127.0.0.1");
    List<String> ids = new ArrayList<>();
    body.path("statements").forEach(s -> ids.add(s.path("id").asText()));
    assertThat(ids).containsExactlyInAnyOrderElementsOf(ours);
    JsonNode first = body.path("statements").get(0);
    assertThat(first.path("verbId").asText()).isEqualTo("http://adlnet.gov/expapi/verbs/answered");
    assertThat(first.path("verbDisplay").asText()).isEqualTo("answered");
    assertThat(first.path("objectId").asText())
        .startsWith("https://learnpulse.example/challenges/");
    assertThat(first.path("timestamp").asText()).startsWith("2026-");
    assertThat(first.path("stored").asText()).isNotBlank();
    assertThat(body.path("delivery").path("source").asText())
        .as("no xapi-emitter status URL in this test")
        .isEqualTo("unavailable");
    assertThat(answer.raw()).doesNotContain(PASSWORD).doesNotContain(LRS_USER);
  }

  @Test
  void moreStatementsThanTheCapAreCutAndMarkedTruncated() throws Exception {
    Launched launched = launched("SCORM_12");
    useLrs(launched.tenant(), LRS.baseUrl());
    store(launched.registration(), 7);

    Answer answer = xapi(launched.tenant(), launched.registration(), ADMIN_TOKEN);

    assertThat(answer.body().path("state").asText()).isEqualTo("delivered");
    assertThat(answer.body().path("count").asInt()).isEqualTo(5);
    assertThat(answer.body().path("statements")).hasSize(5);
    assertThat(answer.body().path("truncated").asBoolean()).isTrue();
    assertThat(answer.body().path("reason").asText()).contains("more than 5");
  }

  @Test
  void anotherTenantsRegistrationIsForbiddenOrNotFound() throws Exception {
    Launched a = launched("SCORM_12");
    Launched b = launched("SCORM_12");
    String adminOfB = ISSUER.mint("bea", b.tenant(), List.of("admin"), Duration.ofHours(1));

    Answer otherTenantsPath = xapi(a.tenant(), a.registration(), adminOfB);
    Answer ownPathOtherRegistration = xapi(b.tenant(), a.registration(), adminOfB);
    Answer notAUuid =
        call(
            "GET",
            "/v1/admin/tenants/" + b.tenant() + "/registrations/not-a-uuid/xapi",
            adminOfB,
            null);

    assertThat(otherTenantsPath.status()).isEqualTo(403);
    assertThat(otherTenantsPath.contentType()).startsWith("application/problem+json");
    assertThat(ownPathOtherRegistration.status()).isEqualTo(404);
    assertThat(ownPathOtherRegistration.contentType()).startsWith("application/problem+json");
    assertThat(notAUuid.status()).isEqualTo(400);
    assertThat(notAUuid.raw()).contains("registrationId");
  }

  @Test
  void aTenantWithoutAnLrsIsNotConfigured() throws Exception {
    Launched launched = launched("SCORM_12");

    Answer answer = xapi(launched.tenant(), launched.registration(), ADMIN_TOKEN);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().path("state").asText()).isEqualTo("not-configured");
    assertThat(answer.body().path("statements")).isEmpty();
  }

  @Test
  void anLrsThatIsDownIsUnreachable() throws Exception {
    Launched launched = launched("SCORM_12");
    useLrs(launched.tenant(), URI.create("http://127.0.0.1:" + DEAD_PORT + "/xAPI"));

    Answer answer = xapi(launched.tenant(), launched.registration(), ADMIN_TOKEN);

    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    assertThat(answer.body().path("state").asText()).isEqualTo("lrs-unreachable");
    assertThat(answer.body().path("reason").asText()).startsWith("cannot reach the LRS");
    assertThat(answer.body().path("statements")).isEmpty();
  }

  @Test
  void anLrsThatDoesNotAnswerIsUnreachableAtTheDeadline() throws Exception {
    Launched launched = launched("SCORM_12");
    useLrs(launched.tenant(), LRS.baseUrl());
    store(launched.registration(), 1);
    LRS.freeze(); // SIGSTOP: the kernel accepts the connection, nobody answers
    Answer answer;
    try {
      answer = xapi(launched.tenant(), launched.registration(), ADMIN_TOKEN);
    } finally {
      LRS.thaw();
    }

    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    assertThat(answer.body().path("state").asText()).isEqualTo("lrs-unreachable");
    assertThat(answer.body().path("reason").asText()).startsWith("no answer within 2000 ms");
    Answer after = xapi(launched.tenant(), launched.registration(), ADMIN_TOKEN);
    assertThat(after.body().path("state").asText()).isEqualTo("delivered");
    assertThat(after.body().path("count").asInt()).isEqualTo(1);
  }

  @Test
  void anLrsAnsweringUnauthorizedIsRefusedWithItsStatus() throws Exception {
    Launched launched = launched("SCORM_12");
    useLrs(
        launched.tenant(),
        URI.create("http://127.0.0.1:" + REFUSING.getAddress().getPort() + "/xAPI"));

    Answer answer = xapi(launched.tenant(), launched.registration(), ADMIN_TOKEN);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().path("state").asText()).isEqualTo("lrs-refused");
    assertThat(answer.body().path("lrsStatus").asInt()).isEqualTo(401);
    assertThat(answer.body().path("statements")).isEmpty();
    assertThat(REFUSING_HITS.get()).isPositive();
    assertThat(answer.raw()).doesNotContain(PASSWORD);
  }

  @Test
  void aHostThePolicyRefusesGetsNoRequest() throws Exception {
    Launched launched = launched("SCORM_12");
    useLrs(launched.tenant(), LRS.baseUrl());
    // Saved while the allow-list admitted it, then the allow-list changed: the endpoint is refused
    // at read time. The settings API refuses such an endpoint at save, so it is written directly.
    setEndpoint(
        launched.tenant(),
        URI.create("http://127.0.0.1:" + FORBIDDEN_HOST.getAddress().getPort() + "/xAPI"));
    int before = FORBIDDEN_HITS.get();

    Answer answer = xapi(launched.tenant(), launched.registration(), ADMIN_TOKEN);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().path("state").asText()).isEqualTo("lrs-refused");
    assertThat(answer.body().path("lrsStatus").isNull()).isTrue();
    assertThat(answer.body().path("reason").asText()).contains("outbound URL policy");
    assertThat(FORBIDDEN_HITS.get()).isEqualTo(before);
  }

  @Test
  void aStoredPasswordTheSecretsKeyCannotOpenIsRefusedWithoutARequest() throws Exception {
    Launched launched = launched("SCORM_12");
    useLrs(
        launched.tenant(),
        URI.create("http://127.0.0.1:" + REFUSING.getAddress().getPort() + "/xAPI"));
    // as after a change of the secrets key: the stored ciphertext no longer opens
    jdbc.sql("update tenant_lrs set password_encrypted = :garbage where tenant_id = :t")
        .param("garbage", new byte[] {1, 2, 3, 4, 5, 6, 7, 8})
        .param("t", launched.tenant())
        .update();
    int before = REFUSING_HITS.get();

    Answer answer = xapi(launched.tenant(), launched.registration(), ADMIN_TOKEN);

    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    assertThat(answer.body().path("state").asText()).isEqualTo("lrs-refused");
    assertThat(answer.body().path("reason").asText()).contains("cannot be decrypted");
    assertThat(REFUSING_HITS.get()).isEqualTo(before);
  }

  @Test
  void aMoreLinkToAnotherOriginIsNotFollowed() throws Exception {
    Launched launched = launched("SCORM_12");
    useLrs(
        launched.tenant(),
        URI.create("http://127.0.0.1:" + WANDERING.getAddress().getPort() + "/xAPI"));
    int before = FORBIDDEN_HITS.get();

    Answer answer = xapi(launched.tenant(), launched.registration(), ADMIN_TOKEN);

    assertThat(answer.body().path("state").asText()).as(answer.raw()).isEqualTo("delivered");
    assertThat(answer.body().path("count").asInt()).isEqualTo(1);
    assertThat(answer.body().path("truncated").asBoolean()).isTrue();
    assertThat(answer.body().path("reason").asText()).contains("leaves its origin");
    assertThat(WANDERING_HITS.get()).isPositive();
    assertThat(FORBIDDEN_HITS.get()).as("the credentials went nowhere else").isEqualTo(before);
  }

  private Answer xapi(String tenant, UUID registration, String token) throws Exception {
    return call(
        "GET",
        "/v1/admin/tenants/" + tenant + "/registrations/" + registration + "/xapi",
        token,
        null);
  }

  private void useLrs(String tenant, URI endpoint) throws Exception {
    useLrs(tenant, endpoint, PASSWORD);
  }

  private void setEndpoint(String tenant, URI endpoint) {
    jdbc.sql("update tenant_lrs set endpoint = :e where tenant_id = :t")
        .param("e", endpoint.toString())
        .param("t", tenant)
        .update();
  }

  private static List<String> store(UUID registration, int n) throws Exception {
    return LRS.store(xapiStatements(registration, n));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static LocalLrs startLrs() {
    try {
      return LocalLrs.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

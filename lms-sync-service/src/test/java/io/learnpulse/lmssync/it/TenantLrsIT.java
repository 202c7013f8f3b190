package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Tenants' LRS settings: the admin API (password write-only, validation) and the internal API
 * xapi-emitter reads (docs/contracts.md), on the real PostgreSQL.
 */
@TestPropertySource(properties = "learnpulse.lms-sync.internal-token=" + TenantLrsIT.INTERNAL)
class TenantLrsIT extends LmsSyncITSupport {

  static final String INTERNAL = "it-internal-token-0123456789";
  private static final String PASSWORD = "lrs-secret-Ünïcode-42";

  @Test
  void adminSetsSettingsReadsThemWithoutPasswordAndTheEmitterReadsThemWithIt() throws Exception {
    String tenant = tenant();
    Answer put = call("PUT", lrsPath(tenant), ADMIN_TOKEN, enabledBody());
    Answer get = call("GET", lrsPath(tenant), ADMIN_TOKEN, null);
    Answer internal = call("GET", internalPath(tenant), INTERNAL, null);

    for (Answer admin : List.of(put, get)) {
      assertThat(admin.status()).as(admin.raw()).isEqualTo(200);
      assertThat(admin.raw()).doesNotContain(PASSWORD).doesNotContain("\"password\"");
      assertThat(admin.body().path("tenantId").asText()).isEqualTo(tenant);
      assertThat(admin.body().path("enabled").asBoolean()).isTrue();
      assertThat(admin.body().path("endpoint").asText()).isEqualTo("https://lrs.acme.example/xAPI");
      assertThat(admin.body().path("homePage").asText()).isEqualTo("https://lms.acme.example");
      assertThat(admin.body().path("username").asText()).isEqualTo("lrs-key");
      assertThat(admin.body().path("passwordSet").asBoolean()).isTrue();
    }
    assertThat(internal.status()).as(internal.raw()).isEqualTo(200);
    assertThat(internal.contentType()).startsWith("application/json");
    assertThat(json.writeValueAsString(internal.body()))
        .isEqualTo(
            "{\"enabled\":true,\"endpoint\":\"https://lrs.acme.example/xAPI\","
                + "\"homePage\":\"https://lms.acme.example\",\"username\":\"lrs-key\","
                + "\"password\":\""
                + PASSWORD
                + "\"}");
  }

  @Test
  void storedPasswordIsEncryptedAndBoundToTheTenant() throws Exception {
    String tenant = tenant();
    assertThat(call("PUT", lrsPath(tenant), ADMIN_TOKEN, enabledBody()).status()).isEqualTo(200);

    byte[] stored =
        jdbc.sql("select password_encrypted from tenant_lrs where tenant_id = :t")
            .param("t", tenant)
            .query(byte[].class)
            .single();
    byte[] clear = PASSWORD.getBytes(StandardCharsets.UTF_8);
    // version byte, 12-byte nonce, ciphertext as long as the password, 16-byte tag
    assertThat(stored).hasSize(1 + 12 + clear.length + 16);
    assertThat(new String(stored, StandardCharsets.ISO_8859_1))
        .doesNotContain(new String(clear, StandardCharsets.ISO_8859_1))
        .doesNotContain("lrs-secret");
    String asText =
        jdbc.sql("select encode(password_encrypted, 'escape') from tenant_lrs where tenant_id = :t")
            .param("t", tenant)
            .query(String.class)
            .single();
    assertThat(asText).doesNotContain("lrs-secret");

    // The ciphertext copied to another tenant's row does not open there.
    String other = tenant();
    assertThat(call("PUT", lrsPath(other), ADMIN_TOKEN, enabledBody()).status()).isEqualTo(200);
    jdbc.sql("update tenant_lrs set password_encrypted = :p where tenant_id = :t")
        .param("p", stored)
        .param("t", other)
        .update();
    Answer moved = call("GET", internalPath(other), INTERNAL, null);
    assertThat(moved.status()).as(moved.raw()).isEqualTo(500);
    assertThat(moved.raw()).doesNotContain("lrs-secret");
  }

  @Test
  void internalApiRefusesMissingAndWrongTokensWith401() throws Exception {
    String tenant = tenant();
    assertThat(call("PUT", lrsPath(tenant), ADMIN_TOKEN, enabledBody()).status()).isEqualTo(200);
    String adminJwt = ISSUER.mint("ops", "*", List.of("admin"), Duration.ofHours(1));

    for (String token : new String[] {null, "wrong-token", INTERNAL + "x", ADMIN_TOKEN, adminJwt}) {
      Answer answer = call("GET", internalPath(tenant), token, null);
      assertThat(answer.status()).as("token %s: %s", token, answer.raw()).isEqualTo(401);
      assertThat(answer.contentType()).startsWith("application/problem+json");
      assertThat(answer.raw()).doesNotContain(PASSWORD);
    }
  }

  @Test
  void disabledDeletedAndUnsetTenantsAreNotEnabledAndUnknownTenantsAre404() throws Exception {
    String unset = tenant();
    String disabled = tenant();
    String deleted = tenant();
    Map<String, Object> off = enabledBody();
    off.put("enabled", false);
    assertThat(call("PUT", lrsPath(disabled), ADMIN_TOKEN, off).status()).isEqualTo(200);
    assertThat(call("PUT", lrsPath(deleted), ADMIN_TOKEN, enabledBody()).status()).isEqualTo(200);
    Answer delete = call("DELETE", lrsPath(deleted), ADMIN_TOKEN, null);

    assertThat(delete.status()).as(delete.raw()).isEqualTo(204);
    for (String tenant : List.of(unset, disabled, deleted)) {
      Answer internal = call("GET", internalPath(tenant), INTERNAL, null);
      assertThat(internal.status()).as(internal.raw()).isEqualTo(200);
      assertThat(internal.raw()).isEqualTo("{\"enabled\":false}");
    }
    Answer disabledView = call("GET", lrsPath(disabled), ADMIN_TOKEN, null);
    assertThat(disabledView.body().path("enabled").asBoolean()).isFalse();
    assertThat(disabledView.body().path("endpoint").asText())
        .isEqualTo("https://lrs.acme.example/xAPI");
    Answer deletedView = call("GET", lrsPath(deleted), ADMIN_TOKEN, null);
    assertThat(deletedView.body().path("enabled").asBoolean()).isFalse();
    assertThat(deletedView.body().path("passwordSet").asBoolean()).isFalse();
    assertThat(
            jdbc.sql("select count(*) from tenant_lrs where tenant_id = :t")
                .param("t", deleted)
                .query(Integer.class)
                .single())
        .isZero();

    String unknown = unique("nobody");
    Answer internalUnknown = call("GET", internalPath(unknown), INTERNAL, null);
    assertThat(internalUnknown.status()).as(internalUnknown.raw()).isEqualTo(404);
    assertThat(call("GET", lrsPath(unknown), ADMIN_TOKEN, null).status()).isEqualTo(404);
    assertThat(call("PUT", lrsPath(unknown), ADMIN_TOKEN, enabledBody()).status()).isEqualTo(404);
    assertThat(call("DELETE", lrsPath(unknown), ADMIN_TOKEN, null).status()).isEqualTo(404);
  }

  @Test
  void invalidSettingsAre400NamingTheFieldAndChangeNothing() throws Exception {
    String tenant = tenant();
    assertThat(call("PUT", lrsPath(tenant), ADMIN_TOKEN, enabledBody()).status()).isEqualTo(200);
    Map<String, Map<String, Object>> cases =
        Map.of(
            "enabled", without("enabled"),
            "endpoint", with("endpoint", "ftp://lrs.acme.example/xAPI"),
            "homePage", with("homePage", "lms.acme.example"),
            "username", without("username"),
            "password", with("password", ""));
    for (var invalid : cases.entrySet()) {
      Answer answer = call("PUT", lrsPath(tenant), ADMIN_TOKEN, invalid.getValue());
      assertThat(answer.status()).as(answer.raw()).isEqualTo(400);
      assertThat(answer.contentType()).startsWith("application/problem+json");
      assertThat(answer.body().path("field").asText()).isEqualTo(invalid.getKey());
      assertThat(answer.body().path("detail").asText()).startsWith(invalid.getKey() + " ");
    }
    Answer missingEndpoint = call("PUT", lrsPath(tenant), ADMIN_TOKEN, without("endpoint"));
    assertThat(missingEndpoint.body().path("field").asText()).isEqualTo("endpoint");

    Answer internal = call("GET", internalPath(tenant), INTERNAL, null);
    assertThat(internal.body().path("endpoint").asText())
        .isEqualTo("https://lrs.acme.example/xAPI");
    assertThat(internal.body().path("password").asText()).isEqualTo(PASSWORD);
  }

  @Test
  void onlyAdminsOfTheTenantWriteAndTheTenantIdMayNeedEncoding() throws Exception {
    String tenant = unique("acme:eu");
    Answer created =
        call(
            "PUT",
            "/v1/admin/tenants/" + tenant,
            ADMIN_TOKEN,
            Map.of("name", "Acme EU", "playerOrigins", List.of("https://player.example")));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    Duration hour = Duration.ofHours(1);
    String admin = ISSUER.mint("alice", tenant, List.of("admin"), hour);
    String analyst = ISSUER.mint("bob", tenant, List.of("analyst"), hour);
    String otherAdmin = ISSUER.mint("mallory", unique("globex"), List.of("admin"), hour);

    assertThat(call("PUT", lrsPath(tenant), analyst, enabledBody()).status()).isEqualTo(403);
    assertThat(call("PUT", lrsPath(tenant), otherAdmin, enabledBody()).status()).isEqualTo(403);
    assertThat(call("GET", lrsPath(tenant), otherAdmin, null).status()).isEqualTo(403);
    assertThat(call("DELETE", lrsPath(tenant), analyst, null).status()).isEqualTo(403);
    assertThat(call("PUT", lrsPath(tenant), admin, enabledBody()).status()).isEqualTo(200);

    // xapi-emitter's client percent-encodes the tenant id (":" as %3A).
    Answer internal = call("GET", internalPath(tenant.replace(":", "%3A")), INTERNAL, null);
    assertThat(internal.status()).as(internal.raw()).isEqualTo(200);
    assertThat(internal.body().path("password").asText()).isEqualTo(PASSWORD);
  }

  private String tenant() throws Exception {
    String tenant = unique("acme");
    Answer created =
        call(
            "PUT",
            "/v1/admin/tenants/" + tenant,
            ADMIN_TOKEN,
            Map.of("name", "Tenant " + tenant, "playerOrigins", List.of("https://player.example")));
    assertThat(created.status()).as(created.raw()).isEqualTo(201);
    return tenant;
  }

  static String lrsPath(String tenant) {
    return "/v1/admin/tenants/" + tenant + "/lrs";
  }

  static String internalPath(String tenant) {
    return "/v1/internal/tenants/" + tenant + "/lrs";
  }

  static Map<String, Object> enabledBody() {
    Map<String, Object> body = new HashMap<>();
    body.put("enabled", true);
    body.put("endpoint", "https://lrs.acme.example/xAPI");
    body.put("homePage", "https://lms.acme.example");
    body.put("username", "lrs-key");
    body.put("password", PASSWORD);
    return body;
  }

  private static Map<String, Object> with(String field, Object value) {
    Map<String, Object> body = enabledBody();
    body.put(field, value);
    return body;
  }

  private static Map<String, Object> without(String field) {
    Map<String, Object> body = enabledBody();
    body.remove(field);
    return body;
  }
}

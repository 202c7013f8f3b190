package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.infra.oidc.DevIssuer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admin API on OIDC bearer tokens of the development issuer: 401, 403, 200. */
class AdminAuthIT extends LmsSyncITSupport {

  private static final Duration HOUR = Duration.ofHours(1);

  @Test
  void refusesMissingMalformedExpiredForeignAndWrongAudienceTokensWith401() throws Exception {
    String tenant = unique("acme");
    String path = "/v1/admin/tenants/" + tenant + "/sessions/active";
    String expired =
        ISSUER.mint(
            "ops", Duration.ofMinutes(-10), Map.of("tenant", tenant, "roles", List.of("admin")));
    String otherAudience =
        ISSUER.mint(
            "ops",
            HOUR,
            Map.of("aud", "someone-else", "tenant", tenant, "roles", List.of("admin")));
    String foreign;
    try (DevIssuer impostor = DevIssuer.start()) {
      foreign = impostor.mint("ops", tenant, List.of("admin"), HOUR);
    }

    for (String token : new String[] {null, "not-a-jwt", expired, otherAudience, foreign}) {
      Answer answer = call("GET", path, token, null);
      assertThat(answer.status()).as("token %s: %s", token, answer.raw()).isEqualTo(401);
      assertThat(answer.contentType()).startsWith("application/problem+json");
      assertThat(answer.body().path("status").asInt()).isEqualTo(401);
    }
  }

  @Test
  void tenantAdminManagesItsTenantButGets403OnAnotherTenant() throws Exception {
    String mine = unique("acme");
    String theirs = unique("globex");
    tenantWithAssignment(theirs, unique("theirs"));
    String token = ISSUER.mint("alice", mine, List.of("admin"), HOUR);

    Answer createMine = call("PUT", "/v1/admin/tenants/" + mine, token, tenantBody("Acme"));
    Answer assignMine =
        call(
            "PUT",
            "/v1/admin/tenants/" + mine + "/assignments/" + unique("a"),
            token,
            policyBody());
    Answer readMine = call("GET", "/v1/admin/tenants/" + mine + "/sessions/active", token, null);
    Answer readTheirs =
        call("GET", "/v1/admin/tenants/" + theirs + "/sessions/active", token, null);
    Answer writeTheirs =
        call("PUT", "/v1/admin/tenants/" + theirs, token, tenantBody("Taken over"));
    Answer assignTheirs =
        call(
            "PUT",
            "/v1/admin/tenants/" + theirs + "/assignments/" + unique("a"),
            token,
            policyBody());

    assertThat(createMine.status()).as(createMine.raw()).isEqualTo(201);
    assertThat(assignMine.status()).as(assignMine.raw()).isEqualTo(200);
    assertThat(readMine.status()).as(readMine.raw()).isEqualTo(200);
    for (Answer refused : List.of(readTheirs, writeTheirs, assignTheirs)) {
      assertThat(refused.status()).as(refused.raw()).isEqualTo(403);
      assertThat(refused.contentType()).startsWith("application/problem+json");
    }
    assertThat(
            jdbc.sql("select name from tenants where id = :id")
                .param("id", theirs)
                .query(String.class)
                .single())
        .isEqualTo("Tenant " + theirs);
  }

  @Test
  void analystReadsButCannotWrite() throws Exception {
    String tenant = unique("acme");
    String assignment = unique("read-only");
    tenantWithAssignment(tenant, assignment);
    String analyst = ISSUER.mint("bob", tenant, List.of("analyst"), HOUR);

    Answer read = call("GET", "/v1/admin/tenants/" + tenant + "/sessions/active", analyst, null);
    Answer update = call("PUT", "/v1/admin/tenants/" + tenant, analyst, tenantBody("Renamed"));
    Answer policy =
        call(
            "PUT",
            "/v1/admin/tenants/" + tenant + "/assignments/" + assignment,
            analyst,
            policyBody());
    Answer descriptor =
        call(
            "POST",
            "/v1/admin/tenants/" + tenant + "/assignments/" + assignment + "/topics/t/descriptor",
            analyst,
            Map.of("scormVersion", "SCORM_12"));

    assertThat(read.status()).as(read.raw()).isEqualTo(200);
    assertThat(update.status()).as(update.raw()).isEqualTo(403);
    assertThat(policy.status()).as(policy.raw()).isEqualTo(403);
    assertThat(descriptor.status()).as(descriptor.raw()).isEqualTo(403);
  }

  @Test
  void platformOperatorReachesEveryTenantAndTokensWithoutTenantOrRoleReachNone() throws Exception {
    String tenant = unique("acme");
    tenantWithAssignment(tenant, unique("ops"));
    String path = "/v1/admin/tenants/" + tenant + "/sessions/active";
    String operator = ISSUER.mint("ops", "*", List.of("admin"), HOUR);
    String noTenant = ISSUER.mint("eve", HOUR, Map.of("roles", List.of("admin")));
    String noRole = ISSUER.mint("eve", tenant, List.of(), HOUR);
    String otherRole = ISSUER.mint("eve", tenant, List.of("learner"), HOUR);

    assertThat(call("GET", path, operator, null).status()).isEqualTo(200);
    assertThat(call("PUT", "/v1/admin/tenants/" + tenant, operator, tenantBody("Ops")).status())
        .isEqualTo(200);
    for (String token : List.of(noTenant, noRole, otherRole)) {
      assertThat(call("GET", path, token, null).status()).isEqualTo(403);
    }
  }

  @Test
  void adminTokensReadTheSummaryOfTheirTenantsRegistrationsOnly() throws Exception {
    Launched launched = launched("SCORM_2004_4TH");
    String path = "/v1/registrations/" + launched.registration() + "/scorm";
    String own = ISSUER.mint("bob", launched.tenant(), List.of("analyst"), HOUR);
    String other = ISSUER.mint("mallory", unique("globex"), List.of("admin"), HOUR);

    assertThat(call("GET", path, own, null).status()).isEqualTo(200);
    assertThat(call("GET", path, other, null).status()).isEqualTo(403);
    assertThat(call("GET", path, "garbage", null).status()).isEqualTo(401);
  }

  private static Map<String, Object> tenantBody(String name) {
    return Map.of("name", name, "playerOrigins", List.of("https://player.example"));
  }

  private static Map<String, Object> policyBody() {
    return Map.of("topics", List.of(Map.of("topicId", "t", "challengeIds", List.of("a"))));
  }
}

package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 10's probes against the running service: tenant LRS endpoints that would make the emitter
 * call internal addresses (SSRF at save) and launch suspend data whose hint ranges expand without
 * bound. Each is refused with a 400 naming the field, and nothing is written.
 */
class SecurityProbesIT extends LmsSyncITSupport {

  /** The on-premises LRS the allow-list admits (and only that port of that host). */
  private static final String ON_PREMISES = "127.0.0.1:55431";

  @DynamicPropertySource
  static void allowList(DynamicPropertyRegistry registry) {
    registry.add("learnpulse.lms-sync.lrs-allowed-hosts", () -> ON_PREMISES);
  }

  @Test
  void lrsEndpointsNamingInternalAddressesAreRefusedAtSave() throws Exception {
    String tenant = tenant();
    List<String> probes =
        List.of(
            "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
            "http://127.0.0.1:9084/actuator/xapi",
            "http://localhost:55432/xapi",
            "http://[::1]/xapi",
            "http://2130706433/xapi",
            "http://0x7f000001/xapi",
            "http://127.1:9084/actuator/xapi",
            "http://[::ffff:169.254.169.254]/latest",
            "http://10.1.2.3/xapi",
            "http://xapi-emitter:9084/actuator/xapi",
            "http://lms-sync-service.learnpulse.svc.cluster.local:8083/v1",
            "http://127.0.0.1:55432/xapi");
    for (String probe : probes) {
      Answer answer = call("PUT", TenantLrsIT.lrsPath(tenant), ADMIN_TOKEN, endpoint(probe));
      assertThat(answer.status()).as("%s: %s", probe, answer.raw()).isEqualTo(400);
      assertThat(answer.contentType()).startsWith("application/problem+json");
      assertThat(answer.body().path("field").asText()).as(probe).isEqualTo("endpoint");
      assertThat(answer.body().path("detail").asText()).startsWith("endpoint");
    }
    assertThat(
            jdbc.sql("select count(*) from tenant_lrs where tenant_id = :t")
                .param("t", tenant)
                .query(Long.class)
                .single())
        .as("nothing stored for a refused endpoint")
        .isZero();

    Answer allowed =
        call(
            "PUT",
            TenantLrsIT.lrsPath(tenant),
            ADMIN_TOKEN,
            endpoint("http://" + ON_PREMISES + "/xapi"));
    assertThat(allowed.status()).as("allow-listed: %s", allowed.raw()).isEqualTo(200);
    Answer publicLrs =
        call(
            "PUT", TenantLrsIT.lrsPath(tenant), ADMIN_TOKEN, endpoint("https://lrs.example.com/x"));
    assertThat(publicLrs.status()).as(publicLrs.raw()).isEqualTo(200);
  }

  @Test
  void suspendDataWhoseHintRangesExpandBeyondTheBoundIsRefused() throws Exception {
    String tenant = unique("acme");
    String assignment = unique("bomb");
    tenantWithAssignment(tenant, assignment);
    String descriptor = descriptor(tenant, assignment, "SCORM_2004_4TH");
    StringBuilder ranges = new StringBuilder();
    while (ranges.length() < 60_000) {
      ranges.append("0-1000,");
    }
    long registrationsBefore = count("registrations");
    long sessionsBefore = count("sessions");

    Map<String, Object> body = new HashMap<>();
    body.put("descriptor", descriptor);
    body.put("learnerId", "learner-bomb");
    body.put("learnerName", "Bomb");
    body.put("entry", "ab-initio");
    body.put("suspendData", "1|t|b|1|" + ranges + "0|");
    body.put("location", "");
    Answer answer = call("POST", "/v1/launch", null, body);

    assertThat(answer.status()).as(answer.raw()).isEqualTo(400);
    assertThat(answer.body().path("field").asText()).isEqualTo("suspendData");
    assertThat(answer.body().path("detail").asText()).startsWith("suspendData");
    assertThat(count("registrations")).isEqualTo(registrationsBefore);
    assertThat(count("sessions")).isEqualTo(sessionsBefore);

    body.put("suspendData", "1|t|b|1|0-2,5|");
    Answer normal = call("POST", "/v1/launch", null, body);
    assertThat(normal.status()).as(normal.raw()).isEqualTo(201);
    assertThat(normal.body().path("resume").path("suspendData").asText())
        .isEqualTo("1|t|b|1|0-2,5|");
  }

  @Test
  void controlCharactersInLaunchTextAreRefusedNamingTheFieldNotA500() throws Exception {
    String tenant = unique("acme");
    String assignment = unique("nul");
    tenantWithAssignment(tenant, assignment);
    String descriptor = descriptor(tenant, assignment, "SCORM_12");
    assertThat(launch(descriptor, "learner-nul").status()).isEqualTo(201);
    long registrationsBefore = count("registrations");
    long sessionsBefore = count("sessions");
    long outboxBefore = count("kafka_outbox");

    // Found by FuzzIT: a NUL in the name of a returning learner was a 500 from PostgreSQL.
    Map<String, Map<String, String>> cases =
        Map.of(
            "learnerName", Map.of("learnerId", "learner-nul", "learnerName", "2\u0000x"),
            "learnerId", Map.of("learnerId", "learner\u0007bell", "learnerName", "Bell"),
            "location", Map.of("learnerId", "learner-nul", "location", "t\u0000"),
            "suspendData", Map.of("learnerId", "learner-nul", "suspendData", "1|t\u0000|"));
    for (var probe : cases.entrySet()) {
      Map<String, Object> body = new HashMap<>();
      body.put("descriptor", descriptor);
      body.put("learnerName", "Learner");
      body.put("entry", "resume");
      body.put("suspendData", "");
      body.put("location", "");
      body.putAll(probe.getValue());
      Answer answer = call("POST", "/v1/launch", null, body);

      assertThat(answer.status()).as(probe.getKey() + ": " + answer.raw()).isEqualTo(400);
      assertThat(answer.body().path("field").asText()).isEqualTo(probe.getKey());
    }
    assertThat(count("registrations")).isEqualTo(registrationsBefore);
    assertThat(count("sessions")).isEqualTo(sessionsBefore);
    assertThat(count("kafka_outbox")).isEqualTo(outboxBefore);
  }

  private long count(String table) {
    return jdbc.sql("select count(*) from " + table).query(Long.class).single();
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

  private static Map<String, Object> endpoint(String url) {
    Map<String, Object> body = TenantLrsIT.enabledBody();
    body.put("endpoint", url);
    return body;
  }
}

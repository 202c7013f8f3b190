package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Launch control: descriptor ids, expiry, registration cap, revocation and rotation (ADR 0019). */
class DescriptorControlIT extends LmsSyncITSupport {

  @Test
  void aCappedPackageRegistersAtMostItsCapAndStillResumes() throws Exception {
    String tenant = unique("acme");
    String assignment = unique("capped");
    tenantWithAssignment(tenant, assignment);
    String descriptor =
        issue(tenant, assignment, Map.of("scormVersion", "SCORM_12", "maxRegistrations", 1));

    Answer first = launch(descriptor, "learner-1");
    Answer second = launch(descriptor, "learner-2");
    Answer again = launch(descriptor, "learner-1");

    assertThat(first.status()).as(first.raw()).isEqualTo(201);
    assertThat(second.status()).as(second.raw()).isEqualTo(410);
    assertThat(second.contentType()).startsWith("application/problem+json");
    assertThat(second.body().path("type").asText()).endsWith("launch-revoked");
    assertThat(second.body().path("detail").asText()).contains("registration cap");
    assertThat(again.status()).as("a registered learner resumes").isEqualTo(201);
    assertThat(registrations(tenant, "learner-2")).isZero();
  }

  @Test
  void anExpiredPackageIsRefusedAsRevoked() throws Exception {
    String tenant = unique("acme");
    String assignment = unique("expiring");
    tenantWithAssignment(tenant, assignment);
    String descriptor =
        issue(
            tenant,
            assignment,
            Map.of(
                "scormVersion",
                "SCORM_12",
                "expiresAt",
                Instant.now().plusSeconds(3600).toString()));

    Answer before = launch(descriptor, "learner-1");
    clock.advance(Duration.ofHours(2));
    Answer after = launch(descriptor, "learner-2");

    assertThat(before.status()).as(before.raw()).isEqualTo(201);
    assertThat(after.status()).as(after.raw()).isEqualTo(410);
    assertThat(after.body().path("detail").asText()).contains("expired");
    assertThat(registrations(tenant, "learner-2")).isZero();
  }

  @Test
  void revokedAndRotatedPackagesAreRefusedAsRevokedAndListed() throws Exception {
    String tenant = unique("acme");
    String assignment = unique("revoked");
    tenantWithAssignment(tenant, assignment);
    String revoked = descriptor(tenant, assignment, "SCORM_12");
    String kept = descriptor(tenant, assignment, "SCORM_2004_4TH");
    Answer list = call("GET", "/v1/admin/tenants/" + tenant + "/descriptors", ADMIN_TOKEN, null);
    assertThat(list.status()).as(list.raw()).isEqualTo(200);
    assertThat(list.body().path("total").asLong()).isEqualTo(2);
    String revokedId = list.body().path("descriptors").get(1).path("id").asText(); // newest first

    Answer revoke =
        call(
            "POST",
            "/v1/admin/tenants/" + tenant + "/descriptors/" + revokedId + "/revoke",
            ADMIN_TOKEN,
            null);
    Answer refused = launch(revoked, "learner-1");
    Answer stillFine = launch(kept, "learner-1");

    assertThat(revoke.status()).as(revoke.raw()).isEqualTo(200);
    assertThat(revoke.body().path("revokedAt").isNull()).isFalse();
    assertThat(refused.status()).as(refused.raw()).isEqualTo(410);
    assertThat(stillFine.status()).as(stillFine.raw()).isEqualTo(201);

    Answer rotate =
        call("POST", "/v1/admin/tenants/" + tenant + "/descriptors/rotate", ADMIN_TOKEN, null);
    Answer oldKey = launch(kept, "learner-3");
    Answer newKey = launch(descriptor(tenant, assignment, "SCORM_12"), "learner-3");

    assertThat(rotate.status()).as(rotate.raw()).isEqualTo(200);
    assertThat(rotate.body().path("revoked").asInt()).isEqualTo(1);
    assertThat(oldKey.status()).as(oldKey.raw()).isEqualTo(410);
    assertThat(oldKey.body().path("type").asText()).endsWith("launch-revoked");
    assertThat(newKey.status()).as(newKey.raw()).isEqualTo(201);
    assertThat(
            call(
                    "POST",
                    "/v1/admin/tenants/"
                        + tenant
                        + "/descriptors/"
                        + java.util.UUID.randomUUID()
                        + "/revoke",
                    ADMIN_TOKEN,
                    null)
                .status())
        .isEqualTo(404);
  }

  @Test
  void onlyAdminsDownloadPackagesAnalystsGet403() throws Exception {
    String tenant = unique("acme");
    String assignment = unique("pkg");
    tenantWithAssignment(tenant, assignment);
    String analyst = ISSUER.mint("bob", tenant, java.util.List.of("analyst"), Duration.ofHours(1));
    String admin = ISSUER.mint("alice", tenant, java.util.List.of("admin"), Duration.ofHours(1));
    String path =
        "/v1/admin/tenants/"
            + tenant
            + "/assignments/"
            + assignment
            + "/topics/t/package?scormVersion=SCORM_12";

    Answer byAnalyst = call("GET", path, analyst, null);
    Answer byAnalystTopic =
        call(
            "GET",
            "/v1/admin/tenants/" + tenant + "/topics/t/package?scormVersion=SCORM_12",
            analyst,
            null);
    java.net.http.HttpResponse<byte[]> byAdmin =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", "Bearer " + admin)
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());

    assertThat(byAnalyst.status()).as(byAnalyst.raw()).isEqualTo(403);
    assertThat(byAnalyst.contentType()).startsWith("application/problem+json");
    assertThat(byAnalystTopic.status()).isEqualTo(403);
    assertThat(byAdmin.statusCode()).isEqualTo(200);
  }

  @Test
  void aChangedLearnerNameIsRecordedNotSilentlyOverwritten() throws Exception {
    String tenant = unique("acme");
    String assignment = unique("names");
    tenantWithAssignment(tenant, assignment);
    String descriptor = descriptor(tenant, assignment, "SCORM_12");
    Answer first = launch(descriptor, "learner-1");
    Map<String, Object> renamed =
        Map.of(
            "descriptor",
            descriptor,
            "learnerId",
            "learner-1",
            "learnerName",
            "Someone Else",
            "entry",
            "resume",
            "suspendData",
            "",
            "location",
            "");

    Answer second = call("POST", "/v1/launch", null, renamed);
    Answer third = call("POST", "/v1/launch", null, renamed);

    assertThat(second.status()).as(second.raw()).isEqualTo(201);
    assertThat(third.status()).isEqualTo(201);
    assertThat(
            jdbc.sql(
                    "select old_name || ' -> ' || new_name from learner_name_changes"
                        + " where registration_id = :r order by id")
                .param("r", java.util.UUID.fromString(first.body().path("registrationId").asText()))
                .query(String.class)
                .list())
        .containsExactly("Learner learner-1 -> Someone Else");
  }

  @Test
  void launchesOnlyFromTheTenantsRegisteredLmsOriginsOnceSet() throws Exception {
    String tenant = unique("acme");
    String assignment = unique("origins");
    tenantWithAssignment(tenant, assignment);
    String descriptor = descriptor(tenant, assignment, "SCORM_12");
    assertThat(launch(descriptor, "before").status())
        .as("no origins set: not checked")
        .isEqualTo(201);
    Answer set =
        call(
            "PUT",
            "/v1/admin/tenants/" + tenant + "/lms-origins",
            ADMIN_TOKEN,
            Map.of("origins", java.util.List.of("https://lms.example")));
    assertThat(set.status()).as(set.raw()).isEqualTo(200);

    int fromLms = launchFrom(descriptor, "l-1", "https://lms.example");
    int fromElsewhere = launchFrom(descriptor, "l-2", "https://evil.example");
    int withoutOrigin = launch(descriptor, "l-3").status();

    assertThat(fromLms).isEqualTo(201);
    assertThat(fromElsewhere).isEqualTo(403);
    assertThat(withoutOrigin).isEqualTo(403);
    assertThat(registrations(tenant, "l-2")).isZero();
  }

  @Test
  void aLaunchFromAnotherOriginDuringALiveSessionIsRecorded() throws Exception {
    String tenant = unique("acme");
    String assignment = unique("two-places");
    tenantWithAssignment(tenant, assignment);
    String descriptor = descriptor(tenant, assignment, "SCORM_12");

    int first = launchFrom(descriptor, "l-1", "https://lms.example");
    int sameOrigin = launchFrom(descriptor, "l-1", "https://lms.example");
    int elsewhere = launchFrom(descriptor, "l-1", "https://other.example");

    assertThat(first).isEqualTo(201);
    assertThat(sameOrigin).isEqualTo(201);
    assertThat(elsewhere).as("recorded, not refused").isEqualTo(201);
    assertThat(
            jdbc.sql(
                    """
                    select c.live_origin || ' -> ' || c.origin from launch_origin_conflicts c
                    join registrations r on r.id = c.registration_id where r.tenant_id = :t
                    """)
                .param("t", tenant)
                .query(String.class)
                .list())
        .containsExactly("https://lms.example -> https://other.example");
  }

  private int launchFrom(String descriptor, String learner, String origin) throws Exception {
    String body =
        json.writeValueAsString(
            Map.of("descriptor", descriptor, "learnerId", learner, "entry", "ab-initio"));
    return java.net.http.HttpClient.newHttpClient()
        .send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/v1/launch"))
                .header("Content-Type", "application/json")
                .header("Origin", origin)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  private String issue(String tenant, String assignment, Map<String, Object> body)
      throws Exception {
    Answer answer =
        call(
            "POST",
            "/v1/admin/tenants/" + tenant + "/assignments/" + assignment + "/topics/t/descriptor",
            ADMIN_TOKEN,
            body);
    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    return answer.body().path("descriptor").asText();
  }

  private long registrations(String tenant, String learner) {
    return jdbc.sql("select count(*) from registrations where tenant_id = :t and learner_id = :l")
        .param("t", tenant)
        .param("l", learner)
        .query(Long.class)
        .single();
  }
}

package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.learnpulse.events.v1.LessonStatus;
import io.learnpulse.events.v1.SessionStarted;
import io.learnpulse.events.v1.SuccessStatus;
import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.schemas.samples.WorkedExample;
import io.learnpulse.schemas.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipInputStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** One package per topic; the learner's cohort picks the assignment at launch (ADR 0019). */
class CohortIT extends LmsSyncITSupport {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void onePackageTwoCohortsTwoPoliciesGiveTwoResults() throws Exception {
    String tenant = unique("acme");
    String strict = unique("strict");
    String relaxed = unique("relaxed");
    tenantWithAssignment(tenant, strict);
    policy(tenant, strict, "STRICT");
    policy(tenant, relaxed, "RELAXED");
    // learner-a by name, learner-b through a group imported as CSV
    assertThat(
            call(
                    "PUT",
                    cohortPath(tenant, strict),
                    ADMIN_TOKEN,
                    Map.of("learnerIds", List.of("learner-a")))
                .status())
        .isEqualTo(200);
    HttpResponse<String> group =
        csv(
            "/v1/admin/tenants/" + tenant + "/groups/night-shift/members",
            "learnerId\nlearner-b\n");
    assertThat(group.statusCode()).as(group.body()).isEqualTo(200);
    HttpResponse<String> cohort = csv(cohortPath(tenant, relaxed), "kind,id\ngroup,night-shift\n");
    assertThat(cohort.statusCode()).as(cohort.body()).isEqualTo(200);
    String descriptor = topicDescriptor(tenant, "SCORM_2004_4TH");

    Answer a = launch(descriptor, "learner-a");
    Answer b = launch(descriptor, "learner-b");

    assertThat(a.status()).as(a.raw()).isEqualTo(201);
    assertThat(b.status()).as(b.raw()).isEqualTo(201);
    UUID regA = UUID.fromString(a.body().path("registrationId").asText());
    UUID regB = UUID.fromString(b.body().path("registrationId").asText());
    assertThat(assignmentOf(regA)).isEqualTo(strict);
    assertThat(assignmentOf(regB)).isEqualTo(relaxed);
    // The session events name the resolved assignment: scoring applies that assignment's policy.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(recordsWithKey(Topics.ACTIVITY.name(), regA.toString()))
                  .extracting(r -> ((SessionStarted) r.value()).getAssignmentId())
                  .containsExactly(strict);
              assertThat(recordsWithKey(Topics.ACTIVITY.name(), regB.toString()))
                  .extracting(r -> ((SessionStarted) r.value()).getAssignmentId())
                  .containsExactly(relaxed);
            });

    // The worked example's activity (a 75, b 100) as scoring scores it under each policy
    // (docs/design.md): STRICT's floor 85 fails challenge a, RELAXED passes on raw 87.5.
    Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    try (KafkaProducer<String, Object> producer = avroProducer("TopicNameStrategy")) {
      send(
          producer,
          Topics.TOPIC_STATUS.name(),
          Topics.topicStatusKey(regA, "t"),
          status(tenant, strict, regA, "learner-a", at)
              .setPassed(false)
              .setSuccessStatus(SuccessStatus.FAILED)
              .setLessonStatus(LessonStatus.COMPLETED)
              .build());
      send(
          producer,
          Topics.TOPIC_STATUS.name(),
          Topics.topicStatusKey(regB, "t"),
          status(tenant, relaxed, regB, "learner-b", at).build());
    }

    JsonNode strictElements = awaitElements(regA, a, "cmi.success_status", "failed");
    JsonNode relaxedElements = awaitElements(regB, b, "cmi.success_status", "passed");
    assertThat(strictElements.path("cmi.completion_status").asText()).isEqualTo("completed");
    assertThat(relaxedElements.path("cmi.completion_status").asText()).isEqualTo("completed");
  }

  @Test
  void explicitMembershipBeatsGroupThenNewestThenTenantDefault() throws Exception {
    String tenant = unique("acme");
    String older = unique("older");
    String byGroup = unique("by-group");
    String newer = unique("newer");
    tenantWithAssignment(tenant, older);
    policy(tenant, byGroup, "STANDARD");
    policy(tenant, newer, "STANDARD");
    call(
        "PUT",
        "/v1/admin/tenants/" + tenant + "/groups/everyone/members",
        ADMIN_TOKEN,
        Map.of("learnerIds", List.of("both", "group-only", "named-twice")));
    call("PUT", cohortPath(tenant, byGroup), ADMIN_TOKEN, Map.of("groupIds", List.of("everyone")));
    call(
        "PUT",
        cohortPath(tenant, older),
        ADMIN_TOKEN,
        Map.of("learnerIds", List.of("both", "named-twice")));
    call(
        "PUT",
        cohortPath(tenant, newer),
        ADMIN_TOKEN,
        Map.of("learnerIds", List.of("named-twice")));
    String descriptor = topicDescriptor(tenant, "SCORM_12");

    Answer both = launch(descriptor, "both");
    Answer groupOnly = launch(descriptor, "group-only");
    Answer namedTwice = launch(descriptor, "named-twice");
    Answer nobody = launch(descriptor, "stranger");

    assertThat(assignmentOf(both)).as("learner membership beats group").isEqualTo(older);
    assertThat(assignmentOf(groupOnly)).isEqualTo(byGroup);
    assertThat(assignmentOf(namedTwice)).as("the newest assignment wins a tie").isEqualTo(newer);
    assertThat(nobody.status()).as(nobody.raw()).isEqualTo(403);
    assertThat(nobody.contentType()).startsWith("application/problem+json");
    assertThat(registrationsOf(tenant, "stranger")).isZero();

    Answer setDefault =
        call(
            "PUT",
            "/v1/admin/tenants/" + tenant + "/topics/t/default-assignment",
            ADMIN_TOKEN,
            Map.of("assignmentId", older));
    assertThat(setDefault.status()).as(setDefault.raw()).isEqualTo(204);
    assertThat(assignmentOf(launch(descriptor, "stranger"))).isEqualTo(older);

    // A registration keeps its assignment when the cohorts change.
    call("PUT", cohortPath(tenant, byGroup), ADMIN_TOKEN, Map.of("groupIds", List.of()));
    Answer again = launch(descriptor, "group-only");
    assertThat(again.body().path("registrationId").asText())
        .isEqualTo(groupOnly.body().path("registrationId").asText());
    assertThat(again.body().path("resume").path("entry").asText()).isEqualTo("resume");
  }

  @Test
  void topicPackageNamesNoAssignmentAndOldAssignmentPackagesStillLaunch() throws Exception {
    String tenant = unique("acme");
    String assignment = unique("bound");
    tenantWithAssignment(tenant, assignment);
    call("PUT", cohortPath(tenant, assignment), ADMIN_TOKEN, Map.of("learnerIds", List.of("l-1")));

    HttpResponse<byte[]> zip =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        base()
                            + "/v1/admin/tenants/"
                            + tenant
                            + "/topics/t/package?scormVersion=SCORM_12"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> unknownTopic =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        base()
                            + "/v1/admin/tenants/"
                            + tenant
                            + "/topics/nope/package?scormVersion=SCORM_12"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());

    assertThat(zip.statusCode()).isEqualTo(200);
    assertThat(unknownTopic.statusCode()).isEqualTo(404);
    String index = entry(zip.body(), "index.html");
    assertThat(index).doesNotContain(assignment);
    String descriptor = topicDescriptor(tenant, "SCORM_12");
    assertThat(index).contains(descriptor.substring(0, descriptor.indexOf('.')));
    assertThat(assignmentOf(launch(descriptor, "l-1"))).isEqualTo(assignment);
    Answer old = launch(descriptor(tenant, assignment, "SCORM_12"), "l-2");
    assertThat(old.status()).as(old.raw()).isEqualTo(201);
    assertThat(assignmentOf(old)).isEqualTo(assignment);
  }

  @Test
  void badCohortImportsAreProblemsNamingTheLineAndWriteNothing() throws Exception {
    String tenant = unique("acme");
    String assignment = unique("bad");
    tenantWithAssignment(tenant, assignment);
    call("PUT", cohortPath(tenant, assignment), ADMIN_TOKEN, Map.of("learnerIds", List.of("keep")));

    HttpResponse<String> badLine = csv(cohortPath(tenant, assignment), "learner,x\nteam,y\n");
    Answer unknown =
        call(
            "PUT",
            cohortPath(tenant, unique("missing")),
            ADMIN_TOKEN,
            Map.of("learnerIds", List.of("x")));
    Answer wrongDefault =
        call(
            "PUT",
            "/v1/admin/tenants/" + tenant + "/topics/other/default-assignment",
            ADMIN_TOKEN,
            Map.of("assignmentId", assignment));

    assertThat(badLine.statusCode()).as(badLine.body()).isEqualTo(400);
    assertThat(badLine.body()).contains("line 2");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(wrongDefault.status()).as(wrongDefault.raw()).isEqualTo(400);
    assertThat(call("GET", cohortPath(tenant, assignment), ADMIN_TOKEN, null).body().toString())
        .contains("keep");
  }

  private void policy(String tenant, String assignment, String mode) throws Exception {
    Answer answer =
        call(
            "PUT",
            "/v1/admin/tenants/" + tenant + "/assignments/" + assignment,
            ADMIN_TOKEN,
            Map.of(
                "topics",
                List.of(Map.of("topicId", "t", "challengeIds", List.of("a", "b"))),
                "passingScore",
                70,
                "completionMode",
                mode));
    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
  }

  private static String cohortPath(String tenant, String assignment) {
    return "/v1/admin/tenants/" + tenant + "/assignments/" + assignment + "/cohort";
  }

  private String topicDescriptor(String tenant, String version) throws Exception {
    Answer answer =
        call(
            "POST",
            "/v1/admin/tenants/" + tenant + "/topics/t/descriptor",
            ADMIN_TOKEN,
            Map.of("scormVersion", version));
    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    assertThat(answer.body().path("assignmentId").isNull()).isTrue();
    return answer.body().path("descriptor").asText();
  }

  private String base() {
    return "http://127.0.0.1:" + port;
  }

  private HttpResponse<String> csv(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base() + path))
            .header("Authorization", "Bearer " + ADMIN_TOKEN)
            .header("Content-Type", "text/csv")
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String assignmentOf(UUID registration) {
    return jdbc.sql("select assignment_id from registrations where id = :id")
        .param("id", registration)
        .query(String.class)
        .single();
  }

  private String assignmentOf(Answer launched) {
    assertThat(launched.status()).as(launched.raw()).isEqualTo(201);
    return assignmentOf(UUID.fromString(launched.body().path("registrationId").asText()));
  }

  private long registrationsOf(String tenant, String learner) {
    return jdbc.sql("select count(*) from registrations where tenant_id = :t and learner_id = :l")
        .param("t", tenant)
        .param("l", learner)
        .query(Long.class)
        .single();
  }

  private static TopicStatus.Builder status(
      String tenant, String assignment, UUID registration, String learner, Instant at) {
    return WorkedExample.topicStatus()
        .setTenantId(tenant)
        .setLearnerId(learner)
        .setRegistrationId(registration)
        .setAssignmentId(assignment)
        .setTopicId("t")
        .setUpdatedAt(at);
  }

  private JsonNode awaitElements(UUID registration, Answer launched, String element, String value) {
    JsonNode[] elements = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              Answer summary =
                  call(
                      "GET",
                      "/v1/registrations/" + registration + "/scorm",
                      launched.body().path("bridgeToken").asText(),
                      null);
              assertThat(summary.status()).as(summary.raw()).isEqualTo(200);
              assertThat(summary.body().path("elements").path(element).asText())
                  .as(summary.raw())
                  .isEqualTo(value);
              elements[0] = summary.body().path("elements");
            });
    return elements[0];
  }

  private static String entry(byte[] zip, String name) throws Exception {
    try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
      for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        if (e.getName().equals(name)) {
          return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
      }
    }
    throw new AssertionError(name + " is not in the package");
  }
}

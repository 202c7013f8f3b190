package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.learnpulse.schemas.samples.WorkedExample;
import io.learnpulse.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Reading assignments, their versions, registrations and attempts back (issue 11 item 5). */
class AdminQueriesIT extends LmsSyncITSupport {

  @Test
  void assignmentsVersionsRegistrationsAndAttemptsReadBack() throws Exception {
    String tenant = unique("acme");
    String first = unique("first");
    String second = unique("second");
    tenantWithAssignment(tenant, first);
    Answer v2 =
        call(
            "PUT",
            "/v1/admin/tenants/" + tenant + "/assignments/" + first,
            ADMIN_TOKEN,
            Map.of(
                "topics",
                List.of(Map.of("topicId", "t", "challengeIds", List.of("a", "b"))),
                "passingScore",
                80));
    assertThat(v2.body().path("version").asInt()).isEqualTo(2);
    call(
        "PUT",
        "/v1/admin/tenants/" + tenant + "/assignments/" + second,
        ADMIN_TOKEN,
        Map.of("topics", List.of(Map.of("topicId", "u", "challengeIds", List.of("x")))));
    call(
        "PUT",
        "/v1/admin/tenants/" + tenant + "/groups/team/members",
        ADMIN_TOKEN,
        Map.of("learnerIds", List.of("in-team")));

    Answer list =
        call("GET", "/v1/admin/tenants/" + tenant + "/assignments?size=1", ADMIN_TOKEN, null);
    Answer versions =
        call(
            "GET",
            "/v1/admin/tenants/" + tenant + "/assignments/" + first + "/versions",
            ADMIN_TOKEN,
            null);
    Answer detail =
        call("GET", "/v1/admin/tenants/" + tenant + "/assignments/" + first, ADMIN_TOKEN, null);

    assertThat(list.status()).as(list.raw()).isEqualTo(200);
    assertThat(list.body().path("total").asLong()).isEqualTo(2);
    assertThat(list.body().path("items")).hasSize(1);
    assertThat(list.body().path("items").get(0).path("assignmentId").asText()).isEqualTo(second);
    assertThat(versions.body()).hasSize(2);
    assertThat(versions.body().get(0).path("policy").path("passingScore").asInt()).isEqualTo(70);
    assertThat(versions.body().get(1).path("policy").path("passingScore").asInt()).isEqualTo(80);
    assertThat(detail.body().path("version").asInt()).isEqualTo(2);
    assertThat(detail.body().path("retakeRule").path("when").asText()).isEqualTo("ALWAYS");

    String descriptor = descriptor(tenant, first, "SCORM_2004_4TH");
    UUID team =
        UUID.fromString(launch(descriptor, "in-team").body().path("registrationId").asText());
    launch(descriptor, "solo");
    finish(tenant, first, team, "in-team");
    Answer retake = launch(descriptor, "in-team");
    assertThat(retake.body().path("attempt").asInt()).isEqualTo(2);

    JsonNode byLearner = registrations(tenant, "learnerId=in-team");
    JsonNode byCohort = registrations(tenant, "cohort=team");
    JsonNode notStarted = registrations(tenant, "status=NOT_STARTED");
    JsonNode passed = registrations(tenant, "status=PASSED");
    Answer attempts =
        call(
            "GET",
            "/v1/admin/tenants/" + tenant + "/registrations/" + team + "/attempts",
            ADMIN_TOKEN,
            null);
    Answer badStatus =
        call(
            "GET", "/v1/admin/tenants/" + tenant + "/registrations?status=DONE", ADMIN_TOKEN, null);

    assertThat(byLearner.path("total").asLong()).isEqualTo(2);
    assertThat(values(byCohort.path("items"), "learnerId")).containsOnly("in-team").hasSize(2);
    assertThat(values(notStarted.path("items"), "learnerId"))
        .containsExactlyInAnyOrder("solo", "in-team");
    assertThat(values(passed.path("items"), "registrationId")).containsExactly(team.toString());
    assertThat(values(attempts.body(), "attempt")).containsExactly("1", "2");
    assertThat(badStatus.status()).isEqualTo(400);
    assertThat(badStatus.raw()).contains("status");
  }

  private static List<String> values(JsonNode items, String field) {
    List<String> values = new java.util.ArrayList<>();
    for (JsonNode item : items) {
      values.add(item.path(field).asText());
    }
    return values;
  }

  private JsonNode registrations(String tenant, String query) throws Exception {
    Answer answer =
        call("GET", "/v1/admin/tenants/" + tenant + "/registrations?" + query, ADMIN_TOKEN, null);
    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    return answer.body();
  }

  private void finish(String tenant, String assignment, UUID registration, String learner)
      throws Exception {
    try (KafkaProducer<String, Object> producer = avroProducer("TopicNameStrategy")) {
      send(
          producer,
          Topics.TOPIC_STATUS.name(),
          Topics.topicStatusKey(registration, "t"),
          WorkedExample.topicStatus()
              .setTenantId(tenant)
              .setLearnerId(learner)
              .setRegistrationId(registration)
              .setAssignmentId(assignment)
              .setTopicId("t")
              .setUpdatedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
              .build());
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        jdbc.sql("select lesson_status from registrations where id = :id")
                            .param("id", registration)
                            .query(String.class)
                            .optional()
                            .orElse(""))
                    .isEqualTo("PASSED"));
  }
}

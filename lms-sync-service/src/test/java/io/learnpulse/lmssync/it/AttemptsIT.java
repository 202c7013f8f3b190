package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.learnpulse.events.v1.LessonStatus;
import io.learnpulse.events.v1.SessionResumed;
import io.learnpulse.events.v1.SessionStarted;
import io.learnpulse.events.v1.SuccessStatus;
import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.schemas.samples.WorkedExample;
import io.learnpulse.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/** Attempts: an LMS's new attempt over a finished one, under the retake rules (ADR 0019). */
class AttemptsIT extends LmsSyncITSupport {

  @Test
  void abInitioAfterAFailedAttemptStartsAttemptTwoWithItsOwnRegistration() throws Exception {
    String tenant = unique("acme");
    String assignment = unique("retake");
    tenantWithAssignment(tenant, assignment);
    String descriptor = descriptor(tenant, assignment, "SCORM_2004_4TH");

    Answer first = launch(descriptor, "learner-1", "ab-initio");
    UUID attempt1 = registration(first);
    Answer unfinished = launch(descriptor, "learner-1", "ab-initio");
    assertThat(registration(unfinished)).as("an unfinished attempt resumes").isEqualTo(attempt1);
    finish(tenant, assignment, attempt1, "learner-1", false);

    Answer resumed = launch(descriptor, "learner-1", "resume");
    Answer retake = launch(descriptor, "learner-1", "ab-initio");
    Answer afterRetake = launch(descriptor, "learner-1", "");

    assertThat(registration(resumed)).isEqualTo(attempt1);
    UUID attempt2 = registration(retake);
    assertThat(attempt2).isNotEqualTo(attempt1);
    assertThat(retake.body().path("attempt").asInt()).isEqualTo(2);
    assertThat(retake.body().path("resume").path("entry").asText()).isEqualTo("ab-initio");
    assertThat(retake.body().path("resume").path("bookmark").isObject()).isFalse();
    assertThat(registration(afterRetake)).isEqualTo(attempt2);
    assertThat(
            jdbc.sql("select completion_status from registrations where id = :id")
                .param("id", attempt2)
                .query(String.class)
                .optional()
                .orElse(null))
        .as("attempt 2 has its own status")
        .isNull();
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(recordsWithKey(Topics.ACTIVITY.name(), attempt2.toString()))
                    .extracting(
                        r ->
                            r.value() instanceof SessionStarted s
                                ? s.getAttempt()
                                : ((SessionResumed) r.value()).getAttempt())
                    .containsExactly(2, 2));
  }

  @Test
  void retakeRulesDecideWhetherANewAttemptStarts() throws Exception {
    String tenant = unique("acme");
    String never = unique("never");
    String afterFailure = unique("after-failure");
    String weekly = unique("weekly");
    tenantWithAssignment(tenant, never);
    assignment(tenant, afterFailure);
    assignment(tenant, weekly);
    rule(tenant, never, "NEVER", 0);
    rule(tenant, afterFailure, "AFTER_FAILURE", 0);
    rule(tenant, weekly, "ALWAYS", 7);

    UUID neverFailed =
        registration(launch(descriptor(tenant, never, "SCORM_12"), "l", "ab-initio"));
    finish(tenant, never, neverFailed, "l", false);
    UUID passed =
        registration(launch(descriptor(tenant, afterFailure, "SCORM_12"), "l", "ab-initio"));
    finish(tenant, afterFailure, passed, "l", true);
    UUID weeklyDone =
        registration(launch(descriptor(tenant, weekly, "SCORM_12"), "l", "ab-initio"));
    finish(tenant, weekly, weeklyDone, "l", true);

    assertThat(registration(launch(descriptor(tenant, never, "SCORM_12"), "l", "ab-initio")))
        .isEqualTo(neverFailed);
    assertThat(registration(launch(descriptor(tenant, afterFailure, "SCORM_12"), "l", "ab-initio")))
        .isEqualTo(passed);
    assertThat(registration(launch(descriptor(tenant, weekly, "SCORM_12"), "l", "ab-initio")))
        .as("less than 7 days later")
        .isEqualTo(weeklyDone);
    clock.advance(Duration.ofDays(7).plusMinutes(1));
    Answer eightDaysOn = launch(descriptor(tenant, weekly, "SCORM_12"), "l", "ab-initio");
    assertThat(registration(eightDaysOn)).isNotEqualTo(weeklyDone);
    assertThat(eightDaysOn.body().path("attempt").asInt()).isEqualTo(2);

    Answer bad =
        call(
            "PUT",
            "/v1/admin/tenants/" + tenant + "/assignments/" + weekly + "/retake-rule",
            ADMIN_TOKEN,
            Map.of("when", "SOMETIMES", "minimumDays", 0));
    assertThat(bad.status()).as(bad.raw()).isEqualTo(400);
    assertThat(bad.raw()).contains("when");
    Answer read =
        call(
            "GET",
            "/v1/admin/tenants/" + tenant + "/assignments/" + weekly + "/retake-rule",
            ADMIN_TOKEN,
            null);
    assertThat(read.body().path("when").asText()).isEqualTo("ALWAYS");
    assertThat(read.body().path("minimumDays").asInt()).isEqualTo(7);
  }

  private void assignment(String tenant, String assignment) throws Exception {
    Answer policy =
        call(
            "PUT",
            "/v1/admin/tenants/" + tenant + "/assignments/" + assignment,
            ADMIN_TOKEN,
            Map.of(
                "topics",
                java.util.List.of(Map.of("topicId", "t", "challengeIds", java.util.List.of("a"))),
                "passingScore",
                70));
    assertThat(policy.status()).as(policy.raw()).isEqualTo(200);
  }

  private void rule(String tenant, String assignment, String when, int days) throws Exception {
    Answer answer =
        call(
            "PUT",
            "/v1/admin/tenants/" + tenant + "/assignments/" + assignment + "/retake-rule",
            ADMIN_TOKEN,
            Map.of("when", when, "minimumDays", days));
    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
  }

  /** Sends the finished topic status scoring would publish, and waits until it is stored. */
  private void finish(
      String tenant, String assignment, UUID registration, String learner, boolean passed)
      throws Exception {
    TopicStatus.Builder status =
        WorkedExample.topicStatus()
            .setTenantId(tenant)
            .setLearnerId(learner)
            .setRegistrationId(registration)
            .setAssignmentId(assignment)
            .setTopicId("t")
            .setUpdatedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    if (!passed) {
      status
          .setPassed(false)
          .setSuccessStatus(SuccessStatus.FAILED)
          .setLessonStatus(LessonStatus.COMPLETED);
    }
    try (KafkaProducer<String, Object> producer = avroProducer("TopicNameStrategy")) {
      send(
          producer,
          Topics.TOPIC_STATUS.name(),
          Topics.topicStatusKey(registration, "t"),
          status.build());
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        jdbc.sql("select completion_status from registrations where id = :id")
                            .param("id", registration)
                            .query(String.class)
                            .optional()
                            .orElse(""))
                    .isEqualTo("COMPLETED"));
  }

  private static UUID registration(Answer launched) {
    assertThat(launched.status()).as(launched.raw()).isEqualTo(201);
    return UUID.fromString(launched.body().path("registrationId").asText());
  }

  private Answer launch(String descriptor, String learner, String entry) throws Exception {
    return call("POST", "/v1/launch", null, launchBody(descriptor, learner, entry));
  }
}

package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.learnpulse.events.v1.CompletionStatus;
import io.learnpulse.events.v1.LessonStatus;
import io.learnpulse.events.v1.SuccessStatus;
import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.schemas.topics.Topics;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The commit timeline an LMS administrator relies on (issue 11 item 3, ADR 0027): a commit at
 * launch, a commit for every policy change even when the SCORM values stay the same, and status
 * regressions (a policy change that would un-complete, a late hint that would lower the score)
 * following the assignment's rule, with the reason on the commit. Scoring's topic status is
 * produced to Kafka with the real serde, as scoring-service writes it.
 */
class CommitTimelineIT extends LmsSyncITSupport {

  @Test
  void eachSessionStartsWithACommitOfTheCurrentValuesAndBookmark() throws Exception {
    Launched launched = launched("SCORM_2004_4TH");

    Commit first = commits(launched.session()).get(0);
    assertThat(first.sequence()).isEqualTo(1);
    assertThat(first.reason()).isEqualTo("launch: ab-initio");
    assertThat(first.elements())
        .containsEntry("cmi.completion_status", "incomplete")
        .containsEntry("cmi.success_status", "unknown")
        .containsEntry("cmi.session_time", "PT0S")
        .containsEntry("cmi.exit", "suspend")
        .doesNotContainKey("cmi.location");

    try (KafkaProducer<String, Object> producer = avroProducer("TopicNameStrategy")) {
      send(
          producer,
          Topics.TOPIC_STATUS.name(),
          Topics.topicStatusKey(launched.registration(), "t"),
          status(launched, 1, false, false, 75.0, Instant.now()));
      send(
          producer,
          Topics.HEARTBEAT.name(),
          launched.key(),
          heartbeat(launched, Instant.now().truncatedTo(ChronoUnit.MILLIS), 30_000));
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> last(launched.session()).elements().containsKey("cmi.location"));

    Answer resumed =
        launch(
            descriptor(launched.tenant(), launched.assignment(), "SCORM_2004_4TH"), "learner-42");
    assertThat(resumed.status()).as(resumed.raw()).isEqualTo(201);
    java.util.UUID session = java.util.UUID.fromString(resumed.body().path("sessionId").asText());
    List<Commit> atResume = commits(session);
    assertThat(atResume).as("the resumed session's commits right after launch").hasSize(1);
    assertThat(atResume.get(0).reason()).isEqualTo("launch: resume");
    assertThat(atResume.get(0).policyVersion()).isEqualTo(1);
    assertThat(atResume.get(0).elements())
        .as("what the LMS gets before any new event: the stored status and bookmark")
        .containsEntry("cmi.location", "t/b/1")
        .containsEntry("cmi.suspend_data", "1|t|b|1|0|")
        .containsEntry("cmi.score.raw", "75")
        .containsEntry("cmi.session_time", "PT0S");
  }

  @Test
  void aPolicyChangeThatLeavesTheValuesUnchangedStillLeavesACommitWithItsVersion()
      throws Exception {
    Launched launched = launched("SCORM_12");
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    produce(launched, status(launched, 1, true, true, 87.5, t0));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> last(launched.session()).policyVersion() == 1);
    Commit before = last(launched.session());

    produce(launched, status(launched, 2, true, true, 87.5, t0.plusSeconds(1)));

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> last(launched.session()).policyVersion() == 2);
    Commit after = last(launched.session());
    assertThat(after.sequence()).isEqualTo(before.sequence() + 1);
    assertThat(after.elements()).isEqualTo(before.elements());
    assertThat(after.reason()).isEqualTo("policy v2");
    JsonNode history = history(launched);
    assertThat(history.path("commits").get(0).path("policyVersion").asInt()).isEqualTo(2);
    assertThat(history.path("commits").get(0).path("reason").asText()).isEqualTo("policy v2");
  }

  @Test
  void neverLowerIsTheDefaultAPolicyChangeDoesNotUncompleteNorALateHintLowerTheScore()
      throws Exception {
    Launched launched = launched("SCORM_2004_4TH");
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    produce(launched, status(launched, 1, true, true, 90.0, t0));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> "90".equals(last(launched.session()).elements().get("cmi.score.raw")));

    // a stricter policy v2 would un-complete the learner
    produce(launched, status(launched, 2, false, false, 90.0, t0.plusSeconds(1)));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> last(launched.session()).policyVersion() == 2);
    Commit policyChange = last(launched.session());
    assertThat(policyChange.elements())
        .containsEntry("cmi.completion_status", "completed")
        .containsEntry("cmi.success_status", "passed")
        .containsEntry("cmi.exit", "normal");
    assertThat(policyChange.reason())
        .isEqualTo(
            "regression held (NEVER_LOWER, policy v2): kept completion completed over"
                + " incomplete, success passed over unknown, lesson passed over incomplete");

    // a late hint: the same policy, a lower score
    long sequence = policyChange.sequence();
    produce(launched, status(launched, 2, true, true, 80.0, t0.plusSeconds(2)));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> last(launched.session()).sequence() > sequence);
    Commit lateHint = last(launched.session());
    assertThat(lateHint.elements().get("cmi.score.raw")).isEqualTo("90");
    assertThat(lateHint.elements().get("cmi.score.scaled")).isEqualTo("0.9");
    assertThat(lateHint.reason())
        .isEqualTo("regression held (NEVER_LOWER, policy v2): kept score 90 over 80");

    JsonNode registration =
        call(
                "GET",
                "/v1/admin/tenants/"
                    + launched.tenant()
                    + "/registrations/"
                    + launched.registration(),
                ADMIN_TOKEN,
                null)
            .body();
    assertThat(registration.path("status").path("completionStatus").asText())
        .isEqualTo("COMPLETED");
    assertThat(new BigDecimal(registration.path("status").path("rawScore").asText()))
        .isEqualByComparingTo("90");
    assertThat(registration.path("commits").get(0).path("reason").asText())
        .startsWith("regression held");
  }

  @Test
  void allowSendsTheLowerValuesAndRecordsWhatWasLowered() throws Exception {
    Launched launched = launched("SCORM_2004_4TH");
    Answer rule =
        call(
            "PUT",
            "/v1/admin/tenants/"
                + launched.tenant()
                + "/assignments/"
                + launched.assignment()
                + "/regression-rule",
            ADMIN_TOKEN,
            Map.of("rule", "ALLOW"));
    assertThat(rule.status()).as(rule.raw()).isEqualTo(200);
    assertThat(rule.body().path("rule").asText()).isEqualTo("ALLOW");
    Answer detail =
        call(
            "GET",
            "/v1/admin/tenants/" + launched.tenant() + "/assignments/" + launched.assignment(),
            ADMIN_TOKEN,
            null);
    assertThat(detail.body().path("regressionRule").asText()).isEqualTo("ALLOW");

    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    produce(launched, status(launched, 1, true, true, 90.0, t0));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> "90".equals(last(launched.session()).elements().get("cmi.score.raw")));
    produce(launched, status(launched, 2, false, false, 80.0, t0.plusSeconds(1)));

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> last(launched.session()).policyVersion() == 2);
    Commit lowered = last(launched.session());
    assertThat(lowered.elements())
        .containsEntry("cmi.completion_status", "incomplete")
        .containsEntry("cmi.success_status", "unknown")
        .containsEntry("cmi.score.raw", "80")
        .containsEntry("cmi.exit", "suspend");
    assertThat(lowered.reason())
        .isEqualTo(
            "regression allowed (ALLOW, policy v2): completion completed → incomplete, success"
                + " passed → unknown, lesson passed → incomplete, score 90 → 80");
  }

  @Test
  void anUnknownRegressionRuleIsRefusedNamingTheField() throws Exception {
    Launched launched = launched("SCORM_12");
    String path =
        "/v1/admin/tenants/"
            + launched.tenant()
            + "/assignments/"
            + launched.assignment()
            + "/regression-rule";

    Answer refused = call("PUT", path, ADMIN_TOKEN, Map.of("rule", "SOMETIMES"));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.body().path("field").asText()).isEqualTo("rule");
    assertThat(call("GET", path, ADMIN_TOKEN, null).body().path("rule").asText())
        .as("nothing stored")
        .isEqualTo("NEVER_LOWER");
  }

  // ------------------------------------------------------------------ helpers

  private record Commit(
      long sequence, int policyVersion, String reason, Map<String, String> elements) {}

  private static TopicStatus status(
      Launched launched, int policy, boolean finished, boolean passed, Double raw, Instant at) {
    return TopicStatus.newBuilder()
        .setTenantId(launched.tenant())
        .setLearnerId("learner-42")
        .setRegistrationId(launched.registration())
        .setAssignmentId(launched.assignment())
        .setTopicId("t")
        .setPolicyVersion(policy)
        .setFinished(finished)
        .setPassed(passed)
        .setCompletionStatus(finished ? CompletionStatus.COMPLETED : CompletionStatus.INCOMPLETE)
        .setSuccessStatus(
            !finished
                ? SuccessStatus.UNKNOWN
                : passed ? SuccessStatus.PASSED : SuccessStatus.FAILED)
        .setLessonStatus(
            !finished
                ? LessonStatus.INCOMPLETE
                : passed ? LessonStatus.PASSED : LessonStatus.FAILED)
        .setRawScore(raw)
        .setScaledScore(raw == null ? null : raw / 100)
        .setChallenges(List.of())
        .setUpdatedAt(at.truncatedTo(ChronoUnit.MILLIS))
        .build();
  }

  private static void produce(Launched launched, TopicStatus status) throws Exception {
    try (KafkaProducer<String, Object> producer = avroProducer("TopicNameStrategy")) {
      send(
          producer,
          Topics.TOPIC_STATUS.name(),
          Topics.topicStatusKey(launched.registration(), "t"),
          status);
    }
  }

  private List<Commit> commits(java.util.UUID session) {
    return jdbc.sql(
            """
            select sequence, coalesce(policy_version, 0) as policy_version, reason, elements
            from commits where session_id = :s order by sequence
            """)
        .param("s", session)
        .query(
            (rs, n) ->
                new Commit(
                    rs.getLong("sequence"),
                    rs.getInt("policy_version"),
                    rs.getString("reason"),
                    elements(rs.getString("elements"))))
        .list();
  }

  private Commit last(java.util.UUID session) {
    List<Commit> all = commits(session);
    return all.get(all.size() - 1);
  }

  private Map<String, String> elements(String json) {
    Map<String, String> elements = new java.util.LinkedHashMap<>();
    tools.jackson.databind.json.JsonMapper.builder()
        .build()
        .readTree(json)
        .properties()
        .forEach(e -> elements.put(e.getKey(), e.getValue().asText()));
    return elements;
  }

  private JsonNode history(Launched launched) throws Exception {
    Answer answer =
        call(
            "GET",
            "/v1/admin/tenants/"
                + launched.tenant()
                + "/registrations/"
                + launched.registration()
                + "/commits",
            ADMIN_TOKEN,
            null);
    assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
    return answer.body();
  }
}

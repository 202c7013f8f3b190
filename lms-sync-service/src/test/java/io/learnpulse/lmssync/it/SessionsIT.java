package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.learnpulse.events.v1.Heartbeat;
import io.learnpulse.events.v1.SessionAbandoned;
import io.learnpulse.events.v1.SessionResumed;
import io.learnpulse.events.v1.SessionSuspended;
import io.learnpulse.lmssync.session.SessionSweeper;
import io.learnpulse.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Heartbeat liveness, the active-sessions and registration views, abandonment and resume. */
class SessionsIT extends LmsSyncITSupport {

  private static final Duration HOUR = Duration.ofHours(1);

  @Autowired SessionSweeper sweeper;

  @Test
  void activeSessionsListsTheTenantsLiveSessionsNewestHeartbeatFirst() throws Exception {
    Launched quiet = launched("SCORM_12");
    Launched busy = launchedIn(quiet, "learner-2", "SCORM_12");
    Launched elsewhere = launched("SCORM_2004_4TH");
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    try (KafkaProducer<String, Object> producer = avroProducer("TopicNameStrategy")) {
      send(
          producer,
          Topics.TOPIC_STATUS.name(),
          Topics.topicStatusKey(busy.registration(), "t"),
          workedExampleStatus(busy, now));
      send(
          producer,
          Topics.HEARTBEAT.name(),
          busy.key(),
          heartbeat(busy, now.plusSeconds(1), 30_000));
    }
    String analyst = ISSUER.mint("bob", quiet.tenant(), List.of("analyst"), HOUR);
    String path = "/v1/admin/tenants/" + quiet.tenant() + "/sessions/active";

    awaitActive(path, analyst, busy.session(), "completionStatus", "COMPLETED");
    // the status and the heartbeat come on two topics: either may be applied first
    JsonNode page = awaitActive(path, analyst, busy.session(), "activeMillis", "30000");

    assertThat(page.path("total").asLong()).isEqualTo(2);
    assertThat(page.path("inactiveAfterSeconds").asLong()).isEqualTo(90);
    JsonNode first = page.path("sessions").get(0);
    assertThat(first.path("sessionId").asText()).isEqualTo(busy.session().toString());
    assertThat(first.path("registrationId").asText()).isEqualTo(busy.registration().toString());
    assertThat(first.path("learnerId").asText()).isEqualTo("learner-2");
    assertThat(first.path("learnerName").asText()).isEqualTo("Learner learner-2");
    assertThat(first.path("assignmentId").asText()).isEqualTo(busy.assignment());
    assertThat(first.path("topicId").asText()).isEqualTo("t");
    assertThat(first.path("scormVersion").asText()).isEqualTo("SCORM_12");
    assertThat(Instant.parse(first.path("lastHeartbeatAt").asText())).isEqualTo(now.plusSeconds(1));
    assertThat(first.path("startedAt").asText()).isNotBlank();
    assertThat(first.path("activeMillis").asLong()).isEqualTo(30_000);
    assertThat(first.path("lessonStatus").asText()).isEqualTo("PASSED");
    assertThat(first.path("rawScore").decimalValue()).isEqualByComparingTo("87.5");
    JsonNode second = page.path("sessions").get(1);
    assertThat(second.path("sessionId").asText()).isEqualTo(quiet.session().toString());
    assertThat(second.path("lastHeartbeatAt").isNull()).isTrue();
    assertThat(second.path("rawScore").isNull()).isTrue();
    assertThat(page.toString()).doesNotContain(elsewhere.session().toString());

    JsonNode secondPage = call("GET", path + "?page=1&size=1", analyst, null).body();
    assertThat(secondPage.path("sessions")).hasSize(1);
    assertThat(secondPage.path("sessions").get(0).path("sessionId").asText())
        .isEqualTo(quiet.session().toString());

    clock.advance(Duration.ofSeconds(91));
    Answer later = call("GET", path, analyst, null);
    assertThat(later.body().path("sessions")).as("three missed heartbeats: inactive").isEmpty();
    assertThat(later.body().path("total").asLong()).isZero();
  }

  @Test
  void abandonsASilentSessionPublishesSessionAbandonedAndALaterLaunchResumes() throws Exception {
    Launched launched = launched("SCORM_2004_4TH");
    Instant heartbeatAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    try (KafkaProducer<String, Object> producer = avroProducer("TopicNameStrategy")) {
      send(
          producer,
          Topics.HEARTBEAT.name(),
          launched.key(),
          heartbeat(launched, heartbeatAt, 45_000));
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> sessionColumn(launched.session(), "active_millis").equals("45000"));

    clock.advance(Duration.ofMinutes(29));
    sweeper.sweep();
    assertThat(sessionColumn(launched.session(), "state")).as("not yet").isEqualTo("ACTIVE");

    clock.advance(Duration.ofMinutes(2));
    sweeper.sweep();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> sessionColumn(launched.session(), "state").equals("ABANDONED"));

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              List<ConsumerRecord<String, Object>> abandoned =
                  recordsWithKey(Topics.ACTIVITY.name(), launched.key()).stream()
                      .filter(r -> r.value() instanceof SessionAbandoned)
                      .toList();
              assertThat(abandoned).hasSize(1);
              SessionAbandoned event = (SessionAbandoned) abandoned.get(0).value();
              assertThat(event.getMetadata().getSessionId()).isEqualTo(launched.session());
              assertThat(event.getMetadata().getProducer()).isEqualTo("lms-sync-service");
              assertThat(event.getAssignmentId()).isEqualTo(launched.assignment());
              assertThat(event.getLastHeartbeatAt()).isEqualTo(heartbeatAt);
              assertThat(header(abandoned.get(0), "ce_id"))
                  .isEqualTo(event.getMetadata().getEventId().toString());
            });

    Answer again =
        launch(
            descriptor(launched.tenant(), launched.assignment(), "SCORM_2004_4TH"), "learner-42");
    assertThat(again.status()).as(again.raw()).isEqualTo(201);
    assertThat(again.body().path("registrationId").asText())
        .isEqualTo(launched.registration().toString());
    JsonNode resume = again.body().path("resume");
    assertThat(resume.path("entry").asText()).isEqualTo("resume");
    assertThat(resume.path("activeMillis").asLong()).isEqualTo(45_000);
    assertThat(resume.path("bookmark").path("challengeId").asText()).isEqualTo("b");
    assertThat(resume.path("suspendData").asText()).isEqualTo("1|t|b|1|0|");
    assertThat(sessionColumn(launched.session(), "state"))
        .as("the abandoned session stays closed")
        .isEqualTo("ABANDONED");
  }

  @Test
  void sessionResumedFromThePlayerReactivatesAnAbandonedSession() throws Exception {
    Launched launched = launched("SCORM_12");
    clock.advance(Duration.ofMinutes(31));
    sweeper.sweep();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> sessionColumn(launched.session(), "state").equals("ABANDONED"));

    SessionResumed resumed =
        SessionResumed.newBuilder()
            .setMetadata(metadata(launched, clock.instant().truncatedTo(ChronoUnit.MILLIS)))
            .setAssignmentId(launched.assignment())
            .setTopicId("t")
            .setScormVersion(io.learnpulse.events.v1.ScormVersion.SCORM_12)
            .build();
    try (KafkaProducer<String, Object> producer = avroProducer("TopicRecordNameStrategy")) {
      send(producer, Topics.ACTIVITY.name(), launched.key(), resumed);
    }

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> sessionColumn(launched.session(), "state").equals("ACTIVE"));
    assertThat(sessionColumn(launched.session(), "ended_at")).isNull();
    String admin = ISSUER.mint("alice", launched.tenant(), List.of("admin"), HOUR);
    JsonNode page =
        call("GET", "/v1/admin/tenants/" + launched.tenant() + "/sessions/active", admin, null)
            .body();
    assertThat(page.path("sessions").get(0).path("sessionId").asText())
        .isEqualTo(launched.session().toString());
    UUID abandonedEvent =
        jdbc.sql(
                "select event_id from kafka_outbox where message_key = :key"
                    + " and event_type like '%SessionAbandoned'")
            .param("key", launched.key())
            .query(UUID.class)
            .single();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                jdbc.sql("select count(*) from processed_events where event_id = :id")
                        .param("id", abandonedEvent)
                        .query(Long.class)
                        .single()
                    == 1);
    sweeper.sweep();
    assertThat(sessionColumn(launched.session(), "state"))
        .as("neither the echo of its own SessionAbandoned nor the sweeper closes it again")
        .isEqualTo("ACTIVE");
  }

  /**
   * ingest-service's end-of-session signal publishes its final heartbeat and the end event on two
   * topics with the same occurred-at time (ADR 0018): whichever arrives last, the session stays
   * suspended; only a heartbeat that occurred after the end makes it active again (ADR 0020).
   */
  @Test
  void theFinalHeartbeatOfAnEndSignalDoesNotReopenTheSessionALaterOneDoes() throws Exception {
    Launched launched = launched("SCORM_2004_4TH");
    Instant endedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    SessionSuspended suspended =
        SessionSuspended.newBuilder()
            .setMetadata(metadata(launched, endedAt))
            .setAssignmentId(launched.assignment())
            .setTopicId("t")
            .build();
    try (KafkaProducer<String, Object> producer = avroProducer("TopicRecordNameStrategy")) {
      send(producer, Topics.ACTIVITY.name(), launched.key(), suspended);
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> sessionColumn(launched.session(), "state").equals("SUSPENDED"));

    try (KafkaProducer<String, Object> producer = avroProducer("TopicNameStrategy")) {
      send(producer, Topics.HEARTBEAT.name(), launched.key(), heartbeat(launched, endedAt, 12_000));
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> sessionColumn(launched.session(), "active_millis").equals("12000"));
    assertThat(sessionColumn(launched.session(), "state"))
        .as("the end signal's own heartbeat (same occurred-at) counts its time, keeps it suspended")
        .isEqualTo("SUSPENDED");
    assertThat(sessionColumn(launched.session(), "ended_at")).isNotNull();

    try (KafkaProducer<String, Object> producer = avroProducer("TopicNameStrategy")) {
      send(
          producer,
          Topics.HEARTBEAT.name(),
          launched.key(),
          heartbeat(launched, endedAt.plusSeconds(20), 5_000));
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> sessionColumn(launched.session(), "active_millis").equals("17000"));
    assertThat(sessionColumn(launched.session(), "state"))
        .as("a heartbeat after the end: the player is back")
        .isEqualTo("ACTIVE");
    assertThat(sessionColumn(launched.session(), "ended_at")).isNull();
  }

  @Test
  void registrationViewShowsStatusSessionsCommitsAndTheChallengeBreakdown() throws Exception {
    Launched launched = launched("SCORM_2004_4TH");
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    try (KafkaProducer<String, Object> producer = avroProducer("TopicNameStrategy")) {
      send(
          producer,
          Topics.TOPIC_STATUS.name(),
          Topics.topicStatusKey(launched.registration(), "t"),
          workedExampleStatus(launched, now));
      send(producer, Topics.HEARTBEAT.name(), launched.key(), heartbeat(launched, now, 60_000));
    }
    String analyst = ISSUER.mint("bob", launched.tenant(), List.of("analyst"), HOUR);
    String path =
        "/v1/admin/tenants/" + launched.tenant() + "/registrations/" + launched.registration();

    JsonNode[] holder = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              Answer answer = call("GET", path, analyst, null);
              assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
              assertThat(answer.body().path("commits")).hasSize(3);
              holder[0] = answer.body();
            });
    JsonNode view = holder[0];

    assertThat(view.path("learnerId").asText()).isEqualTo("learner-42");
    assertThat(view.path("status").path("completionStatus").asText()).isEqualTo("COMPLETED");
    assertThat(view.path("status").path("policyVersion").asInt()).isEqualTo(1);
    assertThat(view.path("summary").path("elements").path("cmi.session_time").asText())
        .isEqualTo("PT1M");
    assertThat(view.path("activeMillis").asLong()).isEqualTo(60_000);
    assertThat(view.path("bookmark").path("challengeId").asText()).isEqualTo("b");
    JsonNode challenges = view.path("challenges");
    assertThat(challenges).hasSize(2);
    assertThat(challenges.get(0).path("challengeId").asText()).isEqualTo("a");
    assertThat(challenges.get(0).path("hints").asInt()).isEqualTo(1);
    assertThat(challenges.get(0).path("incorrectAttempts").asInt()).isEqualTo(1);
    assertThat(challenges.get(0).path("score").asInt()).isEqualTo(75);
    assertThat(challenges.get(1).path("correctOnFirstTry").asBoolean()).isTrue();
    assertThat(challenges.get(1).path("score").asInt()).isEqualTo(100);
    JsonNode session = view.path("sessions").get(0);
    assertThat(session.path("sessionId").asText()).isEqualTo(launched.session().toString());
    assertThat(session.path("state").asText()).isEqualTo("ACTIVE");
    assertThat(session.path("active").asBoolean()).isTrue();
    assertThat(session.path("lastCommitSequence").asLong()).isEqualTo(3);
    assertThat(view.path("commits").get(0).path("sequence").asLong()).isEqualTo(3);
    assertThat(view.path("commits").get(2).path("reason").asText()).isEqualTo("launch: ab-initio");
    assertThat(view.path("commits").get(0).path("elements").path("cmi.session_time").asText())
        .isEqualTo("PT1M");

    String otherTenant = ISSUER.mint("mallory", unique("globex"), List.of("admin"), HOUR);
    String operator = ISSUER.mint("ops", "*", List.of("admin"), HOUR);
    String wrongPath =
        "/v1/admin/tenants/" + unique("globex") + "/registrations/" + launched.registration();
    assertThat(call("GET", path, otherTenant, null).status()).isEqualTo(403);
    assertThat(call("GET", wrongPath, operator, null).status())
        .as("a registration is found under its own tenant only")
        .isEqualTo(404);
  }

  @Test
  void eachCommitIsPublishedAsScormCommittedWithItsSequence() throws Exception {
    Launched launched = launched("SCORM_2004_4TH");
    Instant t0 = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    try (KafkaProducer<String, Object> producer = avroProducer("TopicNameStrategy")) {
      for (int i = 1; i <= 3; i++) {
        // each moves the bookmark, so each commits at once (ADR 0036); sent once the one before
        // it was committed, as 30 s apart: heartbeats of a session that reach a poll together
        // are one commit (ADR 29), and the listener's fetch waits up to 250 ms (ADR 41)
        Heartbeat heartbeat = atStep(heartbeat(launched, t0.plusSeconds(30L * i), 30_000), i);
        send(producer, Topics.HEARTBEAT.name(), launched.key(), heartbeat);
        long committed = 1L + i;
        await().atMost(Duration.ofSeconds(30)).until(() -> commitCount(launched) == committed);
      }
    }

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              List<ConsumerRecord<String, Object>> records =
                  recordsWithKey(Topics.SCORM_COMMIT.name(), launched.key());
              // the launch commit, then one per heartbeat (each moved the bookmark)
              assertThat(records).hasSize(4);
              for (int i = 0; i < 4; i++) {
                var event = (io.learnpulse.events.v1.ScormCommitted) records.get(i).value();
                long sequence = i + 1;
                assertThat(event.getCommitSequence()).isEqualTo(sequence);
                assertThat(event.getSessionId()).isEqualTo(launched.session());
                assertThat(event.getTenantId()).isEqualTo(launched.tenant());
                assertThat(event.getScormVersion().name()).isEqualTo("SCORM_2004_4TH");
                assertThat(event.getElements().get("cmi.session_time"))
                    .isEqualTo(storedElement(launched.session(), sequence, "cmi.session_time"));
                assertThat(header(records.get(i), "ce_type"))
                    .isEqualTo("io.learnpulse.ScormCommitted");
                assertThat(header(records.get(i), "ce_id"))
                    .isEqualTo(
                        UUID.nameUUIDFromBytes(
                                ("scorm-commit/" + launched.session() + "/" + sequence)
                                    .getBytes(StandardCharsets.UTF_8))
                            .toString());
              }
              assertThat(
                      ((io.learnpulse.events.v1.ScormCommitted) records.get(3).value())
                          .getElements()
                          .get("cmi.session_time"))
                  .isEqualTo("PT1M30S");
            });
  }

  @Test
  void aBrokenHeartbeatInABatchIsDeadLetteredAloneAndTheOthersAreApplied() throws Exception {
    Launched launched = launched("SCORM_2004_3RD");
    Instant t0 = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    byte[] garbage = ("broken " + launched.key()).getBytes(StandardCharsets.UTF_8);
    try (KafkaProducer<String, Object> producer = avroProducer("TopicNameStrategy");
        KafkaProducer<String, byte[]> raw = rawProducer()) {
      for (int i = 0; i < 10; i++) {
        send(
            producer,
            Topics.HEARTBEAT.name(),
            launched.key(),
            heartbeat(launched, t0.plusSeconds(i), 1_000));
      }
      raw.send(new ProducerRecord<>(Topics.HEARTBEAT.name(), launched.key(), garbage)).get();
      for (int i = 10; i < 20; i++) {
        send(
            producer,
            Topics.HEARTBEAT.name(),
            launched.key(),
            heartbeat(launched, t0.plusSeconds(i), 1_000));
      }
    }

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> sessionColumn(launched.session(), "active_millis").equals("20000"));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        rawRecordsWithKey(
                            Topics.HEARTBEAT.deadLetterTopic().orElseThrow(), launched.key()))
                    .singleElement()
                    .satisfies(r -> assertThat(r.value()).isEqualTo(garbage)));
  }

  private JsonNode awaitActive(
      String path, String token, UUID session, String field, String expected) {
    JsonNode[] page = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              Answer answer = call("GET", path, token, null);
              assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
              JsonNode first = answer.body().path("sessions").path(0);
              assertThat(first.path("sessionId").asText()).isEqualTo(session.toString());
              assertThat(first.path(field).asText()).isEqualTo(expected);
              page[0] = answer.body();
            });
    return page[0];
  }

  private String sessionColumn(UUID session, String column) {
    List<String> values =
        jdbc.sql("select " + column + "::text from sessions where id = :id")
            .param("id", session)
            .query((rs, n) -> rs.getString(1))
            .list();
    assertThat(values).hasSize(1);
    return values.get(0);
  }

  private String storedElement(UUID session, long sequence, String element) {
    return jdbc.sql(
            "select elements ->> :element from commits where session_id = :s and sequence = :n")
        .param("element", element)
        .param("s", session)
        .param("n", sequence)
        .query(String.class)
        .single();
  }

  private static String header(ConsumerRecord<String, Object> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}

package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.learnpulse.events.v1.AnswerOutcome;
import io.learnpulse.events.v1.AnswerSubmitted;
import io.learnpulse.events.v1.ChallengeOpened;
import io.learnpulse.events.v1.Heartbeat;
import io.learnpulse.events.v1.HintRevealed;
import io.learnpulse.events.v1.SessionSuspended;
import io.learnpulse.events.v1.StepReached;
import io.learnpulse.lmssync.scorm.Bookmark;
import io.learnpulse.lmssync.scorm.SuspendData;
import io.learnpulse.schemas.topics.Topics;
import io.learnpulse.schemas.wire.DeadLetterHeaders;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.serializer.DeserializationException;
import tools.jackson.databind.JsonNode;

class ScormSyncIT extends LmsSyncITSupport {

  @Test
  void topicStatusAndHeartbeatsGiveTheWorkedExampleSummary() throws Exception {
    Launched launched = launched("SCORM_2004_4TH");
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(120);

    try (KafkaProducer<String, Object> producer = avroProducer("TopicNameStrategy")) {
      send(
          producer,
          Topics.TOPIC_STATUS.name(),
          Topics.topicStatusKey(launched.registration(), "t"),
          workedExampleStatus(launched, t0.plusSeconds(25)));
      send(
          producer,
          Topics.HEARTBEAT.name(),
          launched.key(),
          heartbeat(launched, t0.plusSeconds(30), 30_000));
      send(
          producer,
          Topics.HEARTBEAT.name(),
          launched.key(),
          heartbeat(launched, t0.plusSeconds(60), 30_000));
    }

    JsonNode elements = awaitElements(launched, "cmi.session_time", "PT1M");
    assertThat(elements.path("cmi.completion_status").asText()).isEqualTo("completed");
    assertThat(elements.path("cmi.success_status").asText()).isEqualTo("passed");
    assertThat(new BigDecimal(elements.path("cmi.score.raw").asText()))
        .isEqualByComparingTo("87.5");
    assertThat(new BigDecimal(elements.path("cmi.score.scaled").asText()))
        .isEqualByComparingTo("0.875");
    assertThat(elements.path("cmi.location").asText()).isEqualTo("t/b/1");
    assertThat(elements.path("cmi.suspend_data").asText()).isEqualTo("1|t|b|1|0|");
    assertThat(Duration.parse(elements.path("cmi.session_time").asText()))
        .isEqualTo(Duration.ofSeconds(60));
    assertThat(
            jdbc.sql("select sequence from commits where session_id = :s order by sequence")
                .param("s", launched.session())
                .query(Long.class)
                .list())
        .as(
            "the launch commit, then one per summary change, numbered from 1; the second"
                + " heartbeat changes only the session time: no commit within"
                + " session-time-commit-interval (ADR 0036)")
        .containsExactly(1L, 2L, 3L);
  }

  @Test
  void reportsScorm12ElementsForAScorm12Registration() throws Exception {
    Launched launched = launched("SCORM_12");
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(120);

    try (KafkaProducer<String, Object> producer = avroProducer("TopicNameStrategy")) {
      send(
          producer,
          Topics.TOPIC_STATUS.name(),
          Topics.topicStatusKey(launched.registration(), "t"),
          workedExampleStatus(launched, t0));
      send(producer, Topics.HEARTBEAT.name(), launched.key(), heartbeat(launched, t0, 61_500));
    }

    JsonNode elements = awaitElements(launched, "cmi.core.session_time", "00:01:01.50");
    assertThat(elements.path("cmi.core.lesson_status").asText()).isEqualTo("passed");
    assertThat(elements.path("cmi.core.score.raw").asText()).isEqualTo("87.5");
    assertThat(elements.has("cmi.score.scaled")).isFalse();
  }

  @Test
  void appliesADuplicateEventOnce() throws Exception {
    Launched launched = launched("SCORM_2004_3RD");
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(120);
    Heartbeat first = heartbeat(launched, t0, 10_000);

    try (KafkaProducer<String, Object> producer = avroProducer("TopicNameStrategy")) {
      send(producer, Topics.HEARTBEAT.name(), launched.key(), first);
      send(producer, Topics.HEARTBEAT.name(), launched.key(), first);
      send(
          producer,
          Topics.HEARTBEAT.name(),
          launched.key(),
          heartbeat(launched, t0.plusSeconds(30), 5_000));
    }

    awaitElements(launched, "cmi.session_time", "PT15S");
    assertThat(
            jdbc.sql("select active_millis from sessions where id = :s")
                .param("s", launched.session())
                .query(Long.class)
                .single())
        .isEqualTo(15_000);
    assertThat(
            jdbc.sql("select count(*) from commits where session_id = :s")
                .param("s", launched.session())
                .query(Long.class)
                .single())
        .as(
            "the launch commit and the first heartbeat's (its bookmark); the duplicate wrote"
                + " nothing, the third heartbeat changes only the session time (ADR 0036)")
        .isEqualTo(2);
  }

  /**
   * Checkpoints move the bookmark and reach the LMS as commits without waiting for a heartbeat; a
   * heartbeat that occurred before them (delivered later, on its own topic) does not move it back.
   */
  @Test
  void eachCheckpointMovesTheBookmarkAndCommitsAStaleHeartbeatDoesNotMoveItBack() throws Exception {
    Launched launched = launched("SCORM_2004_4TH");
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    try (KafkaProducer<String, Object> producer = avroProducer("TopicRecordNameStrategy")) {
      for (Object checkpoint :
          new Object[] {
            ChallengeOpened.newBuilder()
                .setMetadata(metadata(launched, t0))
                .setAssignmentId(launched.assignment())
                .setTopicId("t")
                .setChallengeId("a")
                .build(),
            HintRevealed.newBuilder()
                .setMetadata(metadata(launched, t0.plusSeconds(1)))
                .setAssignmentId(launched.assignment())
                .setTopicId("t")
                .setChallengeId("a")
                .setHintIndex(1)
                .build(),
            StepReached.newBuilder()
                .setMetadata(metadata(launched, t0.plusSeconds(2)))
                .setAssignmentId(launched.assignment())
                .setTopicId("t")
                .setChallengeId("a")
                .setStep(2)
                .build(),
            AnswerSubmitted.newBuilder()
                .setMetadata(metadata(launched, t0.plusSeconds(3)))
                .setAssignmentId(launched.assignment())
                .setTopicId("t")
                .setChallengeId("a")
                .setAnswerId("x")
                .setOutcome(AnswerOutcome.PENDING_REVIEW)
                .build()
          }) {
        producer
            .send(new ProducerRecord<>(Topics.ACTIVITY.name(), launched.key(), checkpoint))
            .get();
      }
    }
    String expected = SuspendData.encode(new Bookmark("t", "a", 2, Set.of(1), "x"), 64000);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> expected.equals(lastCommitted(launched, "cmi.suspend_data")));
    long checkpointCommits = commitCount(launched);
    assertThat(checkpointCommits)
        .as("a commit for each checkpoint that moved the bookmark (launch commit aside)")
        .isGreaterThanOrEqualTo(4);
    assertThat(lastCommitted(launched, "cmi.location")).isEqualTo("t/a/2");

    // past session-time-commit-interval, so the stale heartbeat's session time commits (ADR 0036)
    clock.advance(Duration.ofMinutes(5));
    try (KafkaProducer<String, Object> producer = avroProducer("TopicNameStrategy")) {
      producer
          .send(
              new ProducerRecord<>(
                  Topics.HEARTBEAT.name(),
                  launched.key(),
                  heartbeat(launched, t0.minusSeconds(5), 30_000)))
          .get();
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> commitCount(launched) > checkpointCommits);
    assertThat(lastCommitted(launched, "cmi.session_time")).isEqualTo("PT30S");
    assertThat(lastCommitted(launched, "cmi.suspend_data"))
        .as("the older heartbeat's bookmark lost to the checkpoints")
        .isEqualTo(expected);
  }

  /**
   * A 2004 bookmark whose encoding passes 64,000 characters: the LMS gets it cut to the limit
   * (without hints), the resume gets it whole.
   */
  @Test
  void theLargestBookmarkTheEventLimitsAllowReachesTheLmsWholeAndComesBackOnResume()
      throws Exception {
    // Every other hint index up to EventLimits.MAX_INDEX: the longest hint list a heartbeat may
    // carry (a longer one is dead-lettered at once, PoisonRecordIT). Its encoding stays under the
    // 2004 limit, so the LMS gets it whole; PostgreSQL keeps the full bookmark in any case.
    Launched launched = launched("SCORM_2004_4TH");
    java.util.List<Integer> hints = new java.util.ArrayList<>();
    for (int i = 0; i <= io.learnpulse.schemas.wire.EventLimits.MAX_INDEX; i += 2) {
      hints.add(i);
    }
    Heartbeat base = heartbeat(launched, Instant.now().truncatedTo(ChronoUnit.MILLIS), 1_000);
    Heartbeat heartbeat =
        Heartbeat.newBuilder(base)
            .setBookmark(
                io.learnpulse.events.v1.Bookmark.newBuilder(base.getBookmark())
                    .setRevealedHints(hints)
                    .build())
            .build();
    String full =
        SuspendData.encode(new Bookmark("t", "b", 1, Set.copyOf(hints), null), Integer.MAX_VALUE);
    assertThat(full.length()).isLessThan(64_000);
    try (KafkaProducer<String, Object> producer = avroProducer("TopicNameStrategy")) {
      producer.send(new ProducerRecord<>(Topics.HEARTBEAT.name(), launched.key(), heartbeat)).get();
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> "t/b/1".equals(lastCommitted(launched, "cmi.location")));
    assertThat(lastCommitted(launched, "cmi.suspend_data"))
        .as("the LMS's copy is the whole bookmark")
        .isEqualTo(full);

    Answer resumed =
        launch(
            descriptor(launched.tenant(), launched.assignment(), "SCORM_2004_4TH"), "learner-42");
    assertThat(resumed.status()).as(resumed.raw()).isEqualTo(201);
    JsonNode bookmark = resumed.body().path("resume").path("bookmark");
    assertThat(bookmark.path("challengeId").asText()).isEqualTo("b");
    assertThat(bookmark.path("revealedHints").size()).as("every hint back").isEqualTo(hints.size());
    assertThat(bookmark.path("revealedHints").get(hints.size() - 1).asInt()).isEqualTo(1_000);
  }

  @Test
  void sessionSuspendedMovesTheSessionState() throws Exception {
    Launched launched = launched("SCORM_2004_4TH");
    SessionSuspended suspended =
        SessionSuspended.newBuilder()
            .setMetadata(metadata(launched, Instant.now().truncatedTo(ChronoUnit.MILLIS)))
            .setAssignmentId(launched.assignment())
            .setTopicId("t")
            .build();

    // The activity topic carries several record types: TopicRecordNameStrategy subjects.
    try (KafkaProducer<String, Object> producer = avroProducer("TopicRecordNameStrategy")) {
      producer.send(new ProducerRecord<>(Topics.ACTIVITY.name(), launched.key(), suspended)).get();
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(sessionState(launched)).isEqualTo("SUSPENDED"));
  }

  @Test
  void sendsUndeserializableRecordsToTheDeadLetterTopic() throws Exception {
    Launched launched = launched("SCORM_2004_4TH");
    byte[] garbage = "not avro".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    RecordMetadata sent;

    try (KafkaProducer<String, byte[]> producer = rawProducer()) {
      sent =
          producer
              .send(new ProducerRecord<>(Topics.HEARTBEAT.name(), launched.key(), garbage))
              .get();
    }

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        rawRecordsWithKey(
                            Topics.HEARTBEAT.deadLetterTopic().orElseThrow(), launched.key()))
                    .singleElement()
                    .satisfies(
                        r -> {
                          assertThat(r.value()).isEqualTo(garbage);
                          assertThat(r.partition()).isEqualTo(sent.partition());
                          // the same dead-letter headers as every other service's
                          assertThat(DeadLetterHeaders.names(r.headers()))
                              .containsAll(DeadLetterHeaders.REQUIRED)
                              .isSubsetOf(DeadLetterHeaders.ALL)
                              .doesNotContain(DeadLetterHeaders.EXCEPTION_STACKTRACE);
                          assertThat(r.headers())
                              .noneMatch(h -> h.key().toLowerCase().contains("stacktrace"));
                          assertThat(DeadLetterHeaders.originalTopic(r.headers()))
                              .contains(Topics.HEARTBEAT.name());
                          assertThat(DeadLetterHeaders.originalOffset(r.headers()))
                              .contains(sent.offset());
                          assertThat(
                                  DeadLetterHeaders.text(
                                      r.headers(), DeadLetterHeaders.ORIGINAL_CONSUMER_GROUP))
                              .contains("lms-sync-heartbeat");
                          assertThat(
                                  DeadLetterHeaders.text(
                                      r.headers(), DeadLetterHeaders.EXCEPTION_FQCN))
                              .contains(DeserializationException.class.getName());
                          assertThat(
                                  DeadLetterHeaders.text(
                                      r.headers(), DeadLetterHeaders.EXCEPTION_MESSAGE))
                              .hasValueSatisfying(
                                  m ->
                                      assertThat(m.length())
                                          .isBetween(1, DeadLetterHeaders.MAX_MESSAGE_CHARS));
                        }));
  }

  @Test
  void summaryRejectsMissingTokensAndOtherRegistrationsTokens() throws Exception {
    Launched mine = launched("SCORM_2004_4TH");
    Launched other = launched("SCORM_2004_4TH");

    Answer missing = call("GET", "/v1/registrations/" + mine.registration() + "/scorm", null, null);
    Answer sessionToken =
        call(
            "GET",
            "/v1/registrations/" + mine.registration() + "/scorm",
            mine.sessionToken(),
            null);
    Answer othersToken =
        call(
            "GET",
            "/v1/registrations/" + mine.registration() + "/scorm",
            other.bridgeToken(),
            null);
    Answer admin =
        call("GET", "/v1/registrations/" + mine.registration() + "/scorm", ADMIN_TOKEN, null);

    assertThat(missing.status()).isEqualTo(401);
    assertThat(sessionToken.status()).as("a session token is not a bridge token").isEqualTo(401);
    assertThat(othersToken.status()).isEqualTo(403);
    assertThat(admin.status()).isEqualTo(200);
    assertThat(admin.body().path("elements").path("cmi.completion_status").asText())
        .isEqualTo("incomplete");
    assertThat(admin.body().path("elements").has("cmi.score.raw")).isFalse();
  }

  private JsonNode awaitElements(Launched launched, String element, String expected) {
    JsonNode[] elements = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              JsonNode found = summaryElements(launched);
              assertThat(found.path(element).asText()).as(found.toString()).isEqualTo(expected);
              elements[0] = found;
            });
    return elements[0];
  }
}

package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.learnpulse.events.v1.Bookmark;
import io.learnpulse.events.v1.ChallengeResult;
import io.learnpulse.events.v1.CompletionStatus;
import io.learnpulse.events.v1.Heartbeat;
import io.learnpulse.events.v1.LessonStatus;
import io.learnpulse.events.v1.SuccessStatus;
import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Cohort analytics per assignment (ADR 0028) over data written by the real consumers: topic
 * statuses and heartbeats sent to Kafka with the real serde, applied by lms-sync's listeners into
 * embedded PostgreSQL, then read through the admin API as an analyst.
 */
class CohortAnalyticsIT extends LmsSyncITSupport {

  private static final Duration HOUR = Duration.ofHours(1);

  @Test
  void aggregatesRatesScoresAndWhereTheCohortStrugglesPerChallenge() throws Exception {
    Launched passing = launched("SCORM_2004_4TH");
    Launched failing = launchedIn(passing, "learner-7", "SCORM_12");
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    try (KafkaProducer<String, Object> producer = avroProducer("TopicNameStrategy")) {
      send(
          producer,
          Topics.TOPIC_STATUS.name(),
          Topics.topicStatusKey(passing.registration(), "t"),
          workedExampleStatus(passing, now));
      send(
          producer,
          Topics.TOPIC_STATUS.name(),
          Topics.topicStatusKey(failing.registration(), "t"),
          failedStatus(failing, now));
      send(
          producer, Topics.HEARTBEAT.name(), passing.key(), heartbeatIn(passing, now, 60_000, "a"));
      send(
          producer,
          Topics.HEARTBEAT.name(),
          passing.key(),
          heartbeatIn(passing, now.plusSeconds(30), 30_000, "b"));
      send(
          producer,
          Topics.HEARTBEAT.name(),
          failing.key(),
          heartbeatIn(failing, now.plusSeconds(1), 20_000, "a"));
      send(
          producer,
          Topics.HEARTBEAT.name(),
          failing.key(),
          heartbeatIn(failing, now.plusSeconds(31), 45_000, "not-a-challenge-of-t"));
    }
    String analyst = ISSUER.mint("bob", passing.tenant(), List.of("analyst"), HOUR);
    String path =
        "/v1/admin/tenants/"
            + passing.tenant()
            + "/assignments/"
            + passing.assignment()
            + "/analytics?bucket=hour";

    JsonNode body = awaitAnalytics(path, analyst);

    JsonNode totals = body.path("totals");
    assertThat(totals.path("registrations").asLong()).isEqualTo(2);
    assertThat(totals.path("learners").asLong()).isEqualTo(2);
    assertThat(totals.path("completed").asLong()).isEqualTo(2);
    assertThat(totals.path("passed").asLong()).isEqualTo(1);
    assertThat(totals.path("failed").asLong()).isEqualTo(1);
    assertThat(totals.path("averageScore").decimalValue()).isEqualByComparingTo("61.25");

    JsonNode overTime = body.path("overTime");
    assertThat(overTime).hasSize(48);
    JsonNode last = overTime.get(overTime.size() - 1);
    assertThat(last.path("registrations").asLong()).isEqualTo(2);
    assertThat(last.path("completed").asLong()).isEqualTo(2);
    assertThat(last.path("passed").asLong()).isEqualTo(1);
    assertThat(last.path("completionRate").asDouble()).isEqualTo(1.0);
    assertThat(last.path("passRate").asDouble()).isEqualTo(0.5);
    assertThat(overTime.get(0).path("registrations").asLong()).as("nothing 47 hours ago").isZero();
    assertThat(overTime.get(0).path("completionRate").isNull()).isTrue();

    JsonNode scores = body.path("scoreDistribution");
    assertThat(scores).hasSize(10);
    assertThat(scores.get(3).path("from").asInt()).isEqualTo(30);
    assertThat(scores.get(3).path("count").asLong()).isEqualTo(1);
    assertThat(scores.get(8).path("count").asLong()).isEqualTo(1);
    assertThat(scores.get(9).path("to").asInt()).isEqualTo(100);
    long scored = 0;
    for (JsonNode bucket : scores) {
      scored += bucket.path("count").asLong();
    }
    assertThat(scored).isEqualTo(2);

    JsonNode challenges = body.path("challenges");
    assertThat(challenges).hasSize(2);
    JsonNode a = challenges.get(0);
    assertThat(a.path("challengeId").asText()).isEqualTo("a");
    assertThat(a.path("opened").asLong()).isEqualTo(2);
    assertThat(a.path("resolved").asLong()).isEqualTo(1);
    assertThat(a.path("firstTry").asLong()).isZero();
    assertThat(a.path("firstTryRate").asDouble()).isEqualTo(0.0);
    assertThat(a.path("hints").asLong()).isEqualTo(3);
    assertThat(a.path("averageHints").asDouble()).isEqualTo(1.5);
    assertThat(a.path("incorrectAttempts").asLong()).isEqualTo(4);
    assertThat(a.path("averageIncorrectAttempts").asDouble()).isEqualTo(2.0);
    assertThat(a.path("timedRegistrations").asLong()).isEqualTo(2);
    assertThat(a.path("medianActiveSeconds").asDouble()).isEqualTo(40.0);
    JsonNode b = challenges.get(1);
    assertThat(b.path("challengeId").asText()).isEqualTo("b");
    assertThat(b.path("opened").asLong()).isEqualTo(1);
    assertThat(b.path("firstTryRate").asDouble()).isEqualTo(1.0);
    assertThat(b.path("timedRegistrations").asLong()).isEqualTo(1);
    assertThat(b.path("averageActiveSeconds").asDouble()).isEqualTo(30.0);
    assertThat(
            jdbc.sql("select count(*) from registration_challenge_time where registration_id = :r")
                .param("r", failing.registration())
                .query(Long.class)
                .single())
        .as("a challenge the assignment does not have is not stored")
        .isEqualTo(1);
  }

  @Test
  void isTenantScopedAndRefusesBadParametersNamingTheField() throws Exception {
    Launched mine = launched("SCORM_12");
    Launched theirs = launched("SCORM_12");
    String analyst = ISSUER.mint("bob", mine.tenant(), List.of("analyst"), HOUR);
    String base = "/v1/admin/tenants/" + mine.tenant() + "/assignments/";

    Answer own = call("GET", base + mine.assignment() + "/analytics", analyst, null);
    assertThat(own.status()).as(own.raw()).isEqualTo(200);
    assertThat(own.body().path("overTime")).as("30 days by default").hasSize(30);
    assertThat(own.body().path("totals").path("registrations").asLong()).isEqualTo(1);

    Answer otherTenant =
        call(
            "GET",
            "/v1/admin/tenants/"
                + theirs.tenant()
                + "/assignments/"
                + theirs.assignment()
                + "/analytics",
            analyst,
            null);
    assertThat(otherTenant.status()).isEqualTo(403);
    assertThat(otherTenant.contentType()).contains("application/problem+json");
    Answer theirsThroughMine =
        call("GET", base + theirs.assignment() + "/analytics", analyst, null);
    assertThat(theirsThroughMine.status()).as(theirsThroughMine.raw()).isEqualTo(404);
    assertThat(theirsThroughMine.raw()).doesNotContain("registrations");

    Answer bucket = call("GET", base + mine.assignment() + "/analytics?bucket=week", analyst, null);
    assertThat(bucket.status()).isEqualTo(400);
    assertThat(bucket.body().path("field").asText()).isEqualTo("bucket");
    Answer from =
        call("GET", base + mine.assignment() + "/analytics?from=yesterday", analyst, null);
    assertThat(from.status()).isEqualTo(400);
    assertThat(from.body().path("field").asText()).isEqualTo("from");
    Answer tooLong =
        call(
            "GET",
            base
                + mine.assignment()
                + "/analytics?bucket=hour&from=2026-01-01T00:00:00Z"
                + "&to=2026-03-01T00:00:00Z",
            analyst,
            null);
    assertThat(tooLong.status()).as("more than 400 buckets").isEqualTo(400);
    assertThat(tooLong.body().path("field").asText()).isEqualTo("from");
  }

  private JsonNode awaitAnalytics(String path, String token) {
    JsonNode[] body = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              Answer answer = call("GET", path, token, null);
              assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
              assertThat(answer.body().path("totals").path("completed").asLong()).isEqualTo(2);
              assertThat(
                      answer.body().path("challenges").path(0).path("timedRegistrations").asLong())
                  .isEqualTo(2);
              assertThat(
                      answer.body().path("challenges").path(1).path("timedRegistrations").asLong())
                  .isEqualTo(1);
              body[0] = answer.body();
            });
    return body[0];
  }

  /** a: two hints, three incorrect answers, unresolved; b not opened: 35, FAILED. */
  private static TopicStatus failedStatus(Launched launched, Instant at) {
    return TopicStatus.newBuilder(workedExampleStatus(launched, at))
        .setLearnerId("learner-7")
        .setPassed(false)
        .setSuccessStatus(SuccessStatus.FAILED)
        .setLessonStatus(LessonStatus.FAILED)
        .setCompletionStatus(CompletionStatus.COMPLETED)
        .setRawScore(35.0)
        .setScaledScore(0.35)
        .setChallenges(
            List.of(
                ChallengeResult.newBuilder()
                    .setChallengeId("a")
                    .setOpened(true)
                    .setHints(2)
                    .setIncorrectAttempts(3)
                    .build(),
                ChallengeResult.newBuilder().setChallengeId("b").build()))
        .build();
  }

  private static Heartbeat heartbeatIn(
      Launched launched, Instant at, long activeMillis, String challenge) {
    return Heartbeat.newBuilder(heartbeat(launched, at, activeMillis))
        .setBookmark(Bookmark.newBuilder().setTopicId("t").setChallengeId(challenge).build())
        .build();
  }
}

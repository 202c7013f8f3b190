package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.lmssync.scorm.Checkpoint;
import io.learnpulse.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A change of the session time alone (a heartbeat) is committed at most every {@code
 * session-time-commit-interval} (default 5 min, ADR 0036), on the single and the batched path
 * alike; the heartbeat's active time is stored every time, and every other change, a checkpoint, a
 * score and a session's end commit at once with the current session time. The service clock is
 * moved forward ({@link TestClock}), never waited for.
 */
class SessionTimeCommitIT extends SessionTimeCommitSupport {

  @ParameterizedTest
  @EnumSource(Way.class)
  void heartbeatsWithinTheIntervalStoreTheTimeButCommitNothingUntilItHasPassed(Way way)
      throws Exception {
    Launched launched = launched("SCORM_2004_4TH");
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    send(way, heartbeat(launched, t0.plusSeconds(30), 30_000));
    long commits = commitCount(launched);
    long events = committedEvents(launched);
    assertThat(lastCommitted(launched, "cmi.session_time"))
        .as("the first heartbeat moved the bookmark: committed at once")
        .isEqualTo("PT30S");

    send(way, heartbeat(launched, t0.plusSeconds(60), 30_000));
    send(way, heartbeat(launched, t0.plusSeconds(90), 30_000));

    assertThat(commitCount(launched)).as("no commit within the interval").isEqualTo(commits);
    assertThat(committedEvents(launched)).as("no ScormCommitted either").isEqualTo(events);
    assertThat(activeMillis(launched))
        .as("session and registration keep the exact time")
        .containsExactly(90_000L, 90_000L);
    assertThat(summaryElements(launched).path("cmi.session_time").asText()).isEqualTo("PT1M30S");

    clock.advance(Duration.ofMinutes(5));
    send(way, heartbeat(launched, t0.plusSeconds(120), 30_000));

    assertThat(commitCount(launched))
        .as("the first heartbeat after the interval")
        .isEqualTo(commits + 1);
    assertThat(committedEvents(launched)).isEqualTo(events + 1);
    assertThat(lastCommitted(launched, "cmi.session_time")).isEqualTo("PT2M");

    send(way, heartbeat(launched, t0.plusSeconds(150), 30_000));
    assertThat(commitCount(launched)).as("the interval starts again").isEqualTo(commits + 1);
    assertThat(activeMillis(launched)).containsExactly(150_000L, 150_000L);
  }

  @ParameterizedTest
  @EnumSource(Way.class)
  void aCheckpointOrAScoreWithinTheIntervalCommitsAtOnceWithTheCurrentSessionTime(Way way)
      throws Exception {
    Launched launched = launched("SCORM_12");
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    send(way, heartbeat(launched, t0.plusSeconds(30), 30_000));
    send(way, heartbeat(launched, t0.plusSeconds(60), 30_000));
    long commits = commitCount(launched);
    assertThat(lastCommitted(launched, "cmi.core.session_time")).isEqualTo("00:00:30");

    applier.applyCheckpoint(
        UUID.randomUUID(),
        Topics.ACTIVITY.name(),
        metadata(launched, t0.plusSeconds(70)),
        new Checkpoint.StepReached("t", "b", 2));

    assertThat(commitCount(launched)).isEqualTo(commits + 1);
    assertThat(lastCommitted(launched, "cmi.core.lesson_location")).isEqualTo("t/b/2");
    assertThat(lastCommitted(launched, "cmi.core.session_time"))
        .as("the checkpoint's commit carries the time the heartbeat left uncommitted")
        .isEqualTo("00:01:00");

    // where the checkpoint left the learner: the session time alone changes
    send(way, atStep(heartbeat(launched, t0.plusSeconds(90), 30_000), 2));
    assertThat(commitCount(launched)).isEqualTo(commits + 1);

    applier.apply(
        UUID.randomUUID(),
        Topics.TOPIC_STATUS.name(),
        workedExampleStatus(launched, Instant.now()));

    assertThat(commitCount(launched)).isEqualTo(commits + 2);
    assertThat(lastCommitted(launched, "cmi.core.score.raw")).isEqualTo("87.5");
    assertThat(lastCommitted(launched, "cmi.core.session_time")).isEqualTo("00:01:30");
  }

  @Test
  void aSessionsEndCommitsTheTimeAHeartbeatLeftUncommittedInEitherOrder() throws Exception {
    Launched heartbeatFirst = launched("SCORM_2004_4TH");
    Launched endFirst = launched("SCORM_2004_4TH");
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    for (Launched launched : List.of(heartbeatFirst, endFirst)) {
      writer.write(HEARTBEATS, List.of(heartbeat(launched, t0.plusSeconds(30), 30_000)));
      writer.write(HEARTBEATS, List.of(heartbeat(launched, t0.plusSeconds(60), 30_000)));
      assertThat(lastCommitted(launched, "cmi.session_time")).isEqualTo("PT30S");
    }
    // The end-of-session signal: its final heartbeat and the end event, same occurred-at, either
    // order (ADR 0020).
    Instant end = t0.plusSeconds(75);
    writer.write(HEARTBEATS, List.of(heartbeat(heartbeatFirst, end, 15_000)));
    assertThat(lastCommitted(heartbeatFirst, "cmi.session_time")).isEqualTo("PT30S");
    applier.applySessionEnd(
        UUID.randomUUID(), Topics.ACTIVITY.name(), suspended(heartbeatFirst, end));

    applier.applySessionEnd(UUID.randomUUID(), Topics.ACTIVITY.name(), suspended(endFirst, end));
    assertThat(lastCommitted(endFirst, "cmi.session_time"))
        .as("the end commits the time deferred so far")
        .isEqualTo("PT1M");
    writer.write(HEARTBEATS, List.of(heartbeat(endFirst, end, 15_000)));

    for (Launched launched : List.of(heartbeatFirst, endFirst)) {
      assertThat(lastCommitted(launched, "cmi.session_time"))
          .as("the LMS gets the final time at the end, not after the interval")
          .isEqualTo("PT1M15S");
      assertThat(sessionState(launched)).isEqualTo("SUSPENDED");
    }
  }
}

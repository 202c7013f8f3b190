package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.learnpulse.lmssync.session.SessionSweeper;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The sweeper's abandonment (30 min without life) commits the session time a heartbeat left
 * uncommitted within {@code session-time-commit-interval}, as a session's end from the player does
 * (ADR 0036), and nothing when nothing was deferred; it locks registration before session, as the
 * heartbeat batch writer does. The service clock is moved forward ({@link TestClock}); the
 * scheduled sweep may run alongside the explicit one, so the tests wait for the session's state.
 */
class SweeperSessionTimeIT extends SessionTimeCommitSupport {

  private static final Duration BOUND = Duration.ofSeconds(30);

  /** Past {@code abandon-after} (30 min) counted from the last heartbeat (at most 90 s on). */
  private static final Duration SILENCE = Duration.ofMinutes(35);

  @Autowired SessionSweeper sweeper;

  @Test
  void abandoningASilentSessionCommitsTheSessionTimeAHeartbeatLeftUncommitted() throws Exception {
    Launched launched = launched("SCORM_2004_4TH");
    Instant t0 = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    writer.write(HEARTBEATS, List.of(heartbeat(launched, t0.plusSeconds(30), 30_000)));
    // within the interval: only the session time changes, nothing is committed
    writer.write(HEARTBEATS, List.of(heartbeat(launched, t0.plusSeconds(60), 30_000)));
    writer.write(HEARTBEATS, List.of(heartbeat(launched, t0.plusSeconds(90), 30_000)));
    assertThat(lastCommitted(launched, "cmi.session_time")).isEqualTo("PT30S");
    long commits = commitCount(launched);
    long events = committedEvents(launched);

    clock.advance(SILENCE);
    sweeper.sweep();
    await().atMost(BOUND).until(() -> "ABANDONED".equals(sessionState(launched)));

    assertThat(commitCount(launched)).as("the abandonment's commit").isEqualTo(commits + 1);
    assertThat(lastCommitted(launched, "cmi.session_time"))
        .as("the LMS gets the full session time, not the last one committed")
        .isEqualTo("PT1M30S");
    assertThat(committedEvents(launched)).as("its ScormCommitted").isEqualTo(events + 1);
  }

  @Test
  void abandoningASessionWithNothingDeferredCommitsNothing() throws Exception {
    Launched launched = launched("SCORM_2004_4TH");
    Instant t0 = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    // the bookmark moves: committed at once with the session time as it stands
    writer.write(HEARTBEATS, List.of(heartbeat(launched, t0.plusSeconds(30), 30_000)));
    assertThat(lastCommitted(launched, "cmi.session_time")).isEqualTo("PT30S");
    long commits = commitCount(launched);
    long events = committedEvents(launched);

    clock.advance(SILENCE);
    sweeper.sweep();
    await().atMost(BOUND).until(() -> "ABANDONED".equals(sessionState(launched)));

    assertThat(commitCount(launched)).isEqualTo(commits);
    assertThat(committedEvents(launched)).isEqualTo(events);
    assertThat(
            jdbc.sql(
                    "select count(*) from kafka_outbox where message_key = :k"
                        + " and event_type like '%SessionAbandoned'")
                .param("k", launched.key())
                .query(Long.class)
                .single())
        .as("the abandonment itself is published")
        .isEqualTo(1);
  }

  /**
   * A heartbeat batch holds the registration and is about to lock the session: the sweeper leaves
   * that session for a later round instead of locking it first (its commit would then wait for the
   * registration while the batch waits for the session: a deadlock).
   */
  @Test
  void aRegistrationAHeartbeatBatchHoldsIsLeftForTheNextSweep() throws Exception {
    Launched launched = launched("SCORM_2004_4TH");
    Instant t0 = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    writer.write(HEARTBEATS, List.of(heartbeat(launched, t0.plusSeconds(30), 30_000)));
    writer.write(HEARTBEATS, List.of(heartbeat(launched, t0.plusSeconds(60), 30_000)));
    long commits = commitCount(launched);
    clock.advance(SILENCE);

    try (Connection batch = openTransaction()) {
      lock(batch, "select id from registrations where id = ? for update", launched.registration());
      CompletableFuture<Integer> sweep = CompletableFuture.supplyAsync(sweeper::sweep);
      await().atMost(BOUND).untilAsserted(() -> assertThat(sweep).isDone());
      assertThat(sessionState(launched)).as("left for the next round").isEqualTo("ACTIVE");
      // the batch's next lock: free, the sweeper took nothing of this registration
      lock(batch, "select id from sessions where id = ? for update nowait", launched.session());
      batch.commit();
    }

    sweeper.sweep();
    await().atMost(BOUND).until(() -> "ABANDONED".equals(sessionState(launched)));
    assertThat(commitCount(launched)).isEqualTo(commits + 1);
    assertThat(lastCommitted(launched, "cmi.session_time")).isEqualTo("PT1M");
  }
}

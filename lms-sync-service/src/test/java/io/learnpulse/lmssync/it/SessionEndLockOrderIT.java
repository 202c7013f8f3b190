package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.learnpulse.schemas.topics.Topics;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A session's end takes its row locks in the order the heartbeat batch writer does: the
 * registration, then its sessions. Capacity run 9 (issue 13) found 89 deadlocks in six minutes
 * between a heartbeat batch (registration locked, waiting for the session) and a session end
 * (session locked, its commit's insert waiting for a key share lock on the registration); each cost
 * PostgreSQL's one-second deadlock timeout and a batch replayed record by record. The test plays
 * the heartbeat batch from its own connection, in an open transaction.
 */
class SessionEndLockOrderIT extends SessionTimeCommitSupport {

  private static final Duration BOUND = Duration.ofSeconds(15);

  @Test
  void aSessionEndWaitsForTheRegistrationAHeartbeatBatchHoldsInsteadOfDeadlocking()
      throws Exception {
    Launched launched = launched("SCORM_2004_4TH");
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    writer.write(HEARTBEATS, List.of(heartbeat(launched, t0.plusSeconds(30), 30_000)));
    // within the interval: only the session time changes, so the end has a commit to write
    writer.write(HEARTBEATS, List.of(heartbeat(launched, t0.plusSeconds(60), 30_000)));
    long commits = commitCount(launched);

    CompletableFuture<Boolean> end;
    try (Connection batch = openTransaction()) {
      lock(batch, "select id from registrations where id = ? for update", launched.registration());
      end =
          CompletableFuture.supplyAsync(
              () ->
                  applier.applySessionEnd(
                      UUID.randomUUID(),
                      Topics.ACTIVITY.name(),
                      suspended(launched, t0.plusSeconds(61))));
      await().atMost(BOUND).until(this::aBackendWaitsForALock);

      // the heartbeat writer's next lock; with the end holding the session this was a deadlock
      lock(batch, "select id from sessions where id = ? for update", launched.session());
      batch.commit();
    }

    await().atMost(BOUND).untilAsserted(() -> assertThat(end).isDone());
    assertThat(end.join()).isTrue();
    assertThat(sessionState(launched)).isEqualTo("SUSPENDED");
    assertThat(commitCount(launched))
        .as("the end committed the deferred time")
        .isEqualTo(commits + 1);
    assertThat(lastCommitted(launched, "cmi.session_time")).isEqualTo("PT1M");
  }

  private boolean aBackendWaitsForALock() {
    return jdbc.sql(
                """
                select count(*) from pg_stat_activity
                where datname = current_database() and wait_event_type = 'Lock'
                """)
            .query(Long.class)
            .single()
        > 0;
  }
}

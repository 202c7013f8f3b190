package io.learnpulse.lmssync.bench;

import io.learnpulse.events.v1.Heartbeat;
import io.learnpulse.lmssync.analytics.ChallengeTimeStore;
import io.learnpulse.lmssync.analytics.ChallengeTimeStore.Challenge;
import io.learnpulse.lmssync.registration.SummaryService;
import io.learnpulse.lmssync.registration.SummaryService.Current;
import io.learnpulse.lmssync.sync.EventApplier;
import io.learnpulse.lmssync.sync.HeartbeatBatchWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

/**
 * The heartbeat listener's writer in the benchmark: the service's {@link HeartbeatBatchWriter}, or
 * what the listener did before it — per record: the batch in one transaction, each heartbeat
 * applied by {@link EventApplier} with its own statements; or the batch writer with the SCORM
 * commits written one registration at a time (before ADR 33); or the batch writer as it was before
 * its rows were returned to the commit check and its time per challenge batched — so all run in the
 * same JVM, on the same data, in one run. Registered as the primary writer by the benchmark only
 * (not a component).
 */
public class WriterSwitch extends HeartbeatBatchWriter {

  /** Which path the listener's batches take. */
  enum Mode {
    /** Before ADR 29: each heartbeat applied by {@link EventApplier}. */
    PER_RECORD,
    /** ADR 29: the batch writer, its SCORM commits written one registration at a time. */
    BATCH_COMMITS_ONE_BY_ONE,
    /**
     * ADR 33, as it was before the within-interval path was cut (2026-12-02): the time per
     * challenge written one registration at a time, and the commit check reading the batch's
     * registrations and latest sessions again.
     */
    BATCH_BEFORE_RETURNING,
    /** ADR 33: the batch writer with all its commits written together (the service's path). */
    BATCH
  }

  private final EventApplier applier;
  private final SummaryService summaries;
  private final ChallengeTimeStore challengeTime;
  private volatile Mode mode = Mode.BATCH;

  /** Spring's constructor. */
  public WriterSwitch(
      JdbcClient jdbc,
      DataSource dataSource,
      SummaryService summaries,
      ChallengeTimeStore challengeTime,
      EventApplier applier) {
    super(jdbc, dataSource, summaries, challengeTime);
    this.applier = applier;
    this.summaries = summaries;
    this.challengeTime = challengeTime;
  }

  /** Chooses the path of the next batches. */
  void mode(Mode mode) {
    this.mode = mode;
  }

  @Override
  protected void addChallengeTime(Map<Challenge, Long> perChallenge) {
    if (mode == Mode.BATCH || mode == Mode.PER_RECORD) {
      super.addChallengeTime(perChallenge);
      return;
    }
    perChallenge.forEach(
        (key, millis) ->
            challengeTime.add(key.registrationId(), key.topicId(), key.challengeId(), millis));
  }

  @Override
  protected void commit(List<Current> current, Set<UUID> elsewhere) {
    if (mode == Mode.BATCH_BEFORE_RETURNING) {
      Set<UUID> all = new LinkedHashSet<>(elsewhere);
      current.forEach(c -> all.add(c.registration().id()));
      summaries.commitIfChanged(all);
    } else if (mode == Mode.BATCH_COMMITS_ONE_BY_ONE) {
      for (Current c : current) {
        summaries.commitIfChanged(c.registration().id());
      }
      for (UUID registrationId : elsewhere) {
        summaries.commitIfChanged(registrationId);
      }
    } else {
      super.commit(current, elsewhere);
    }
  }

  @Override
  @Transactional
  public int write(String topic, List<Heartbeat> heartbeats) {
    if (mode != Mode.PER_RECORD) {
      return super.write(topic, heartbeats);
    }
    int applied = 0;
    for (Heartbeat heartbeat : heartbeats) {
      if (applier.apply(heartbeat.getMetadata().getEventId(), topic, heartbeat)) {
        applied++;
      }
    }
    return applied;
  }
}

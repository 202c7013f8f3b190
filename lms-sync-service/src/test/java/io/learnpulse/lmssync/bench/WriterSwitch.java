package io.learnpulse.lmssync.bench;

import io.learnpulse.events.v1.Heartbeat;
import io.learnpulse.lmssync.analytics.ChallengeTimeStore;
import io.learnpulse.lmssync.registration.SummaryService;
import io.learnpulse.lmssync.sync.EventApplier;
import io.learnpulse.lmssync.sync.HeartbeatBatchWriter;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

/**
 * The heartbeat listener's writer in the benchmark: the service's {@link HeartbeatBatchWriter}, or
 * (per-record mode) what the listener did before it — the batch in one transaction, each heartbeat
 * applied by {@link EventApplier} with its own statements — so both run in the same JVM, on the
 * same data, in one run. Registered as the primary writer by the benchmark only (not a component).
 */
public class WriterSwitch extends HeartbeatBatchWriter {

  private final EventApplier applier;
  private volatile boolean perRecord;

  /** Spring's constructor. */
  public WriterSwitch(
      JdbcClient jdbc,
      DataSource dataSource,
      SummaryService summaries,
      ChallengeTimeStore challengeTime,
      EventApplier applier) {
    super(jdbc, dataSource, summaries, challengeTime);
    this.applier = applier;
  }

  /** Chooses the per-record path (true) or the batch writer (false) for the next batches. */
  void perRecord(boolean perRecord) {
    this.perRecord = perRecord;
  }

  @Override
  @Transactional
  public int write(String topic, List<Heartbeat> heartbeats) {
    if (!perRecord) {
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

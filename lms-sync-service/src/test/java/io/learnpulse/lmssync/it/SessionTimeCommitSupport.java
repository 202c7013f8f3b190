package io.learnpulse.lmssync.it;

import io.learnpulse.events.v1.Heartbeat;
import io.learnpulse.events.v1.SessionSuspended;
import io.learnpulse.infra.Infrastructure;
import io.learnpulse.lmssync.sync.EventApplier;
import io.learnpulse.lmssync.sync.HeartbeatBatchWriter;
import io.learnpulse.schemas.topics.Topics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;

/** What the session-time commit tests share: both heartbeat paths and the commit counts. */
abstract class SessionTimeCommitSupport extends LmsSyncITSupport {

  static final String HEARTBEATS = Topics.HEARTBEAT.name();

  @Autowired HeartbeatBatchWriter writer;
  @Autowired EventApplier applier;

  /** How a heartbeat reaches the service: one at a time, or as a consumer batch. */
  enum Way {
    SINGLE,
    BATCHED
  }

  void send(Way way, Heartbeat heartbeat) {
    if (way == Way.SINGLE) {
      applier.apply(heartbeat.getMetadata().getEventId(), HEARTBEATS, heartbeat);
    } else {
      writer.write(HEARTBEATS, List.of(heartbeat));
    }
  }

  static SessionSuspended suspended(Launched launched, Instant at) {
    return SessionSuspended.newBuilder()
        .setMetadata(metadata(launched, at))
        .setAssignmentId(launched.assignment())
        .setTopicId("t")
        .build();
  }

  /** ScormCommitted rows of the registration in the Kafka outbox, published or not. */
  long committedEvents(Launched launched) {
    return jdbc.sql("select count(*) from kafka_outbox where topic = :t and message_key = :k")
        .param("t", Topics.SCORM_COMMIT.name())
        .param("k", launched.key())
        .query(Long.class)
        .single();
  }

  /** The session's and the registration's stored active time. */
  List<Long> activeMillis(Launched launched) {
    return jdbc.sql(
            """
            select s.active_millis as s, r.active_millis as r
            from sessions s join registrations r on r.id = s.registration_id where s.id = :id
            """)
        .param("id", launched.session())
        .query((rs, n) -> List.of(rs.getLong("s"), rs.getLong("r")))
        .single();
  }

  /** A connection of its own with a transaction open, to hold row locks against the service. */
  static Connection openTransaction() throws Exception {
    Infrastructure infra = Infrastructure.shared();
    Connection connection =
        DriverManager.getConnection(infra.jdbcUrl(), infra.jdbcUsername(), infra.jdbcPassword());
    connection.setAutoCommit(false);
    return connection;
  }

  /** Runs {@code sql} (a locking select of the row {@code id}) in {@code connection}. */
  static void lock(Connection connection, String sql, UUID id) throws Exception {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setObject(1, id);
      statement.executeQuery().close();
    }
  }
}

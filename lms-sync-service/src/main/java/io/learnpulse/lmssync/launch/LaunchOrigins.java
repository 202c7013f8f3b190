package io.learnpulse.lmssync.launch;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Where sessions were launched from. A launch from another origin while a session of the same
 * registration is live is recorded in {@code launch_origin_conflicts}, not refused: a learner who
 * moves from one LMS tab or device to another must not be locked out, and the record lets an
 * administrator see a package used from an unexpected place (ADR 0019). Callers own the
 * transactions.
 */
@Repository
class LaunchOrigins {

  private final JdbcClient jdbc;

  LaunchOrigins(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Records conflicts with the registration's live sessions; call before the new session starts.
   */
  void recordConflicts(UUID registrationId, UUID sessionId, String origin, Instant at) {
    jdbc.sql(
            """
            insert into launch_origin_conflicts
              (registration_id, session_id, live_session_id, live_origin, origin, recorded_at)
            select registration_id, :sid, id, origin, :origin, :at from sessions
            where registration_id = :r and state = 'ACTIVE'
              and origin is distinct from cast(:origin as varchar)
            """)
        .param("r", registrationId)
        .param("sid", sessionId)
        .param("origin", origin)
        .param("at", at.atOffset(ZoneOffset.UTC))
        .update();
  }

  /** Stores the origin of a started session. */
  void remember(UUID sessionId, String origin) {
    jdbc.sql("update sessions set origin = :origin where id = :id")
        .param("origin", origin)
        .param("id", sessionId)
        .update();
  }
}

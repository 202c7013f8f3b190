package io.learnpulse.lmssync.session;

import io.learnpulse.lmssync.LmsSyncProperties;
import io.learnpulse.lmssync.scorm.ScormVersion;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/admin/tenants/{tenantId}/sessions/active}: the admin view "SCORM → Active
 * Sessions". A session is active while its state is ACTIVE and it showed life (a heartbeat's
 * arrival, a resume or the launch) within {@code heartbeat-interval × inactive-after-intervals}
 * (default 90 s). Newest heartbeat first (sessions without one yet by launch time), paged.
 */
@RestController
class ActiveSessionsController {

  private final JdbcClient jdbc;
  private final Clock clock;
  private final Duration inactiveAfter;

  ActiveSessionsController(JdbcClient jdbc, Clock clock, LmsSyncProperties properties) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.inactiveAfter = properties.sessions().inactiveAfter();
  }

  /** One active session with its learner, assignment and current SCORM status. */
  record ActiveSession(
      UUID sessionId,
      UUID registrationId,
      String learnerId,
      String learnerName,
      String assignmentId,
      String topicId,
      ScormVersion scormVersion,
      Instant startedAt,
      Instant lastHeartbeatAt,
      long activeMillis,
      String completionStatus,
      String successStatus,
      String lessonStatus,
      BigDecimal rawScore,
      Integer policyVersion) {}

  /** A page of active sessions. */
  record Page(
      String tenantId,
      int page,
      int size,
      long total,
      Instant asOf,
      long inactiveAfterSeconds,
      List<ActiveSession> sessions) {}

  @GetMapping("/v1/admin/tenants/{tenantId}/sessions/active")
  @Transactional(readOnly = true)
  Page active(
      @PathVariable String tenantId,
      @RequestParam(defaultValue = "0") @Min(0) int page,
      @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
    Instant now = clock.instant();
    AtomicLong total = new AtomicLong();
    List<ActiveSession> sessions =
        jdbc.sql(
                """
                select s.id, s.registration_id, r.learner_id, r.learner_name, r.assignment_id,
                  r.topic_id, r.scorm_version, s.started_at, s.last_heartbeat_at, s.active_millis,
                  r.completion_status, r.success_status, r.lesson_status, r.raw_score,
                  r.policy_version, count(*) over () as total
                from sessions s join registrations r on r.id = s.registration_id
                where r.tenant_id = :tenant and s.state = 'ACTIVE'
                  and coalesce(s.last_seen_at, s.started_at) >= :since
                order by coalesce(s.last_heartbeat_at, s.started_at) desc, s.id
                limit :size offset :offset
                """)
            .param("tenant", tenantId)
            .param("since", now.minus(inactiveAfter).atOffset(ZoneOffset.UTC))
            .param("size", size)
            .param("offset", (long) page * size)
            .query(
                (rs, n) -> {
                  total.set(rs.getLong("total"));
                  return row(rs);
                })
            .list();
    if (sessions.isEmpty() && page > 0) {
      total.set(count(tenantId, now));
    }
    return new Page(tenantId, page, size, total.get(), now, inactiveAfter.toSeconds(), sessions);
  }

  private long count(String tenantId, Instant now) {
    return jdbc.sql(
            """
            select count(*) from sessions s join registrations r on r.id = s.registration_id
            where r.tenant_id = :tenant and s.state = 'ACTIVE'
              and coalesce(s.last_seen_at, s.started_at) >= :since
            """)
        .param("tenant", tenantId)
        .param("since", now.minus(inactiveAfter).atOffset(ZoneOffset.UTC))
        .query(Long.class)
        .single();
  }

  private static ActiveSession row(ResultSet rs) throws SQLException {
    return new ActiveSession(
        rs.getObject("id", UUID.class),
        rs.getObject("registration_id", UUID.class),
        rs.getString("learner_id"),
        rs.getString("learner_name"),
        rs.getString("assignment_id"),
        rs.getString("topic_id"),
        ScormVersion.valueOf(rs.getString("scorm_version")),
        instant(rs, "started_at"),
        instant(rs, "last_heartbeat_at"),
        rs.getLong("active_millis"),
        rs.getString("completion_status"),
        rs.getString("success_status"),
        rs.getString("lesson_status"),
        rs.getBigDecimal("raw_score"),
        rs.getObject("policy_version", Integer.class));
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}

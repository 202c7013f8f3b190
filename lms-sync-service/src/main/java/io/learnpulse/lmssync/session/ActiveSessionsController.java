package io.learnpulse.lmssync.session;

import io.learnpulse.lmssync.LmsSyncProperties;
import io.learnpulse.lmssync.error.InvalidValueException;
import io.learnpulse.lmssync.scorm.ScormVersion;
import io.learnpulse.lmssync.session.ActiveSessionsQuery.Cursor;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
 * (default 90 s). Filtered ({@code learner} prefix, {@code assignmentId}, {@code scormVersion},
 * {@code status}) and sorted ({@code sort=heartbeat|started}, {@code order=desc|asc}; newest
 * heartbeat first by default) in PostgreSQL, and paged by the {@code next} cursor (or {@code page}
 * for the first 10,000 rows): {@link ActiveSessionsQuery}, ADR 0028.
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

  /**
   * A page of active sessions.
   *
   * @param total sessions matching the filter, counted up to 10,000 ({@code totalCapped} beyond)
   * @param next cursor of the next page ({@code after=}), null on the last page
   */
  record Page(
      String tenantId,
      int page,
      int size,
      long total,
      boolean totalCapped,
      String sort,
      String order,
      String next,
      Instant asOf,
      long inactiveAfterSeconds,
      List<ActiveSession> sessions) {}

  @GetMapping("/v1/admin/tenants/{tenantId}/sessions/active")
  @Transactional(readOnly = true)
  Page active(
      @PathVariable String tenantId,
      @RequestParam(defaultValue = "0") @Min(0) int page,
      @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size,
      @RequestParam(required = false) String sort,
      @RequestParam(required = false) String order,
      @RequestParam(required = false) String after,
      @RequestParam(required = false) String learner,
      @RequestParam(required = false) String assignmentId,
      @RequestParam(required = false) String scormVersion,
      @RequestParam(required = false) String status) {
    Instant now = clock.instant();
    boolean descending = order == null || order.equalsIgnoreCase("desc");
    if (!descending && !order.equalsIgnoreCase("asc")) {
      throw new InvalidValueException("order", "must be desc or asc");
    }
    ActiveSessionsQuery query =
        new ActiveSessionsQuery(
            tenantId,
            now.minus(inactiveAfter),
            sort,
            descending,
            learner,
            assignmentId,
            version(scormVersion),
            status,
            after == null || after.isBlank() ? null : ActiveSessionsQuery.Cursor.decode(after),
            after == null || after.isBlank() ? (long) page * size : 0,
            size + 1);
    List<Cursor> cursors = new ArrayList<>();
    List<ActiveSession> rows =
        jdbc.sql(query.sql())
            .params(query.params())
            .query(
                (rs, n) -> {
                  cursors.add(
                      new Cursor(instant(rs, "sort_value"), rs.getObject("id", UUID.class)));
                  return row(rs);
                })
            .list();
    String next = null;
    if (rows.size() > size) {
      rows = rows.subList(0, size);
      next = cursors.get(size - 1).encode();
    }
    long total = jdbc.sql(query.countSql()).params(query.params()).query(Long.class).single();
    return new Page(
        tenantId,
        page,
        size,
        Math.min(total, ActiveSessionsQuery.COUNT_CAP),
        total > ActiveSessionsQuery.COUNT_CAP,
        query.sort(),
        descending ? "desc" : "asc",
        next,
        now,
        inactiveAfter.toSeconds(),
        List.copyOf(rows));
  }

  private static ScormVersion version(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return ScormVersion.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidValueException(
          "scormVersion", "must be SCORM_12, SCORM_2004_3RD or SCORM_2004_4TH");
    }
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

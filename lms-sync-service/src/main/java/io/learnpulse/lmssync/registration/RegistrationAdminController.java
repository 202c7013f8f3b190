package io.learnpulse.lmssync.registration;

import io.learnpulse.lmssync.LmsSyncProperties;
import io.learnpulse.lmssync.error.NotFoundException;
import io.learnpulse.lmssync.scorm.Bookmark;
import io.learnpulse.lmssync.scorm.ScormSummary;
import io.learnpulse.lmssync.scorm.ScormVersion;
import io.learnpulse.lmssync.scorm.TopicProgress;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v1/admin/tenants/{tenantId}/registrations/{registrationId}}: one registration as an
 * admin sees it — its status and current SCORM summary, its sessions, the commit history (newest
 * first) and scoring's per-challenge breakdown from the latest topic status. A registration of
 * another tenant is not found.
 */
@RestController
class RegistrationAdminController {

  private static final TypeReference<Map<String, String>> ELEMENTS = new TypeReference<>() {};

  private final RegistrationStore registrations;
  private final SummaryService summaries;
  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final Clock clock;
  private final Duration inactiveAfter;

  RegistrationAdminController(
      RegistrationStore registrations,
      SummaryService summaries,
      JdbcClient jdbc,
      JsonMapper json,
      Clock clock,
      LmsSyncProperties properties) {
    this.registrations = registrations;
    this.summaries = summaries;
    this.jdbc = jdbc;
    this.json = json;
    this.clock = clock;
    this.inactiveAfter = properties.sessions().inactiveAfter();
  }

  /** Scoring's status as stored (all null before the first topic status). */
  record Status(
      String completionStatus,
      String successStatus,
      String lessonStatus,
      java.math.BigDecimal rawScore,
      Integer policyVersion) {}

  /** The summary the LMS gets now, with the session time of the latest session. */
  record Summary(UUID sessionId, Map<String, String> elements) {}

  /** A session of the registration; {@code active} as in the active-sessions view. */
  record SessionView(
      UUID sessionId,
      String entry,
      String state,
      boolean active,
      Instant startedAt,
      Instant lastHeartbeatAt,
      Instant endedAt,
      long activeMillis,
      long lastCommitSequence) {}

  /** One commit handed to the bridge. */
  record CommitView(
      UUID sessionId,
      long sequence,
      Integer policyVersion,
      String reason,
      Map<String, String> elements,
      Instant createdAt,
      Instant ackedAt) {}

  /** The registration view. */
  record RegistrationView(
      UUID registrationId,
      String tenantId,
      String assignmentId,
      String topicId,
      String learnerId,
      String learnerName,
      ScormVersion scormVersion,
      long activeMillis,
      Bookmark bookmark,
      Status status,
      Summary summary,
      JsonNode challenges,
      List<SessionView> sessions,
      List<CommitView> commits) {}

  @GetMapping("/v1/admin/tenants/{tenantId}/registrations/{registrationId}")
  @Transactional(readOnly = true)
  RegistrationView registration(
      @PathVariable String tenantId,
      @PathVariable UUID registrationId,
      @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int commits) {
    Registration registration =
        registrations
            .find(registrationId, false)
            .filter(r -> r.tenantId().equals(tenantId))
            .orElseThrow(() -> new NotFoundException("unknown registration " + registrationId));
    Session latest = registrations.latestSession(registrationId, false).orElse(null);
    ScormSummary summary = summaries.summary(registration, latest);
    TopicProgress progress = registration.progress();
    boolean scored = progress != TopicProgress.NOT_STARTED;
    Status status =
        scored
            ? new Status(
                progress.completion().name(),
                progress.success().name(),
                progress.lesson().name(),
                progress.rawScore(),
                progress.policyVersion())
            : new Status(null, null, null, null, null);
    return new RegistrationView(
        registration.id(),
        registration.tenantId(),
        registration.assignmentId(),
        registration.topicId(),
        registration.learnerId(),
        registration.learnerName(),
        registration.scormVersion(),
        registration.activeMillis(),
        registration.bookmark().orElse(null),
        status,
        new Summary(latest == null ? null : latest.id(), summary.elements()),
        challenges(registrationId),
        sessions(registrationId),
        commits(registrationId, commits));
  }

  private JsonNode challenges(UUID registrationId) {
    String stored =
        jdbc.sql("select challenges from registrations where id = :id")
            .param("id", registrationId)
            .query(String.class)
            .single();
    return json.readTree(stored);
  }

  private List<SessionView> sessions(UUID registrationId) {
    Instant since = clock.instant().minus(inactiveAfter);
    return jdbc.sql(
            """
            select id, entry, state, started_at, last_heartbeat_at, ended_at, active_millis,
              last_commit_sequence, coalesce(last_seen_at, started_at) as seen
            from sessions where registration_id = :reg order by started_at desc, id
            """)
        .param("reg", registrationId)
        .query(
            (rs, n) ->
                new SessionView(
                    rs.getObject("id", UUID.class),
                    rs.getString("entry"),
                    rs.getString("state"),
                    "ACTIVE".equals(rs.getString("state")) && !instant(rs, "seen").isBefore(since),
                    instant(rs, "started_at"),
                    instant(rs, "last_heartbeat_at"),
                    instant(rs, "ended_at"),
                    rs.getLong("active_millis"),
                    rs.getLong("last_commit_sequence")))
        .list();
  }

  private List<CommitView> commits(UUID registrationId, int limit) {
    return jdbc.sql(
            """
            select session_id, sequence, policy_version, reason, elements, created_at, acked_at
            from commits where registration_id = :reg
            order by created_at desc, session_id, sequence desc limit :limit
            """)
        .param("reg", registrationId)
        .param("limit", limit)
        .query(
            (rs, n) ->
                new CommitView(
                    rs.getObject("session_id", UUID.class),
                    rs.getLong("sequence"),
                    rs.getObject("policy_version", Integer.class),
                    rs.getString("reason"),
                    json.readValue(rs.getString("elements"), ELEMENTS),
                    instant(rs, "created_at"),
                    instant(rs, "acked_at")))
        .list();
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}

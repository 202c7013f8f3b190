package io.learnpulse.lmssync.registration;

import io.learnpulse.lmssync.scorm.ScormVersion;
import io.learnpulse.lmssync.scorm.TopicProgress;
import io.learnpulse.lmssync.scorm.TopicProgress.Completion;
import io.learnpulse.lmssync.scorm.TopicProgress.Lesson;
import io.learnpulse.lmssync.scorm.TopicProgress.Success;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Registrations and sessions in PostgreSQL. Callers own the transactions. */
@Repository
public class RegistrationStore {

  /**
   * Stored active time is clamped here in SQL ({@code 9999:59:59.99}, the longest time SCORM 1.2
   * can express), so no sum of heartbeats can overflow the bigint, whatever a consumer let through.
   */
  public static final long MAX_STORED_ACTIVE_MILLIS = 35_999_999_990L;

  /**
   * The columns {@link #registration(ResultSet, int)} reads, for statements of other packages that
   * return registrations (a heartbeat batch's {@code update … returning}).
   */
  public static final String COLUMNS =
      """
      id, tenant_id, assignment_id, topic_id, learner_id, learner_name, scorm_version,
      completion_status, success_status, lesson_status, raw_score, policy_version,
      active_millis, suspend_data, attempt, created_at
      """;

  private final JdbcClient jdbc;

  RegistrationStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Inserts attempt 1 of the registration unless one exists for the same tenant, assignment, topic
   * and learner, then returns the latest attempt locked for update.
   */
  public Registration createOrLock(
      UUID newId,
      String tenantId,
      String assignmentId,
      String topicId,
      String learnerId,
      String learnerName,
      ScormVersion version) {
    Optional<Registration> latest = latestForUpdate(tenantId, assignmentId, topicId, learnerId);
    if (latest.isPresent()) {
      return latest.get();
    }
    insert(newId, tenantId, assignmentId, topicId, learnerId, learnerName, version, 1);
    return latestForUpdate(tenantId, assignmentId, topicId, learnerId).orElseThrow();
  }

  /**
   * Inserts the attempt after {@code previous} (unless a concurrent launch did), then returns the
   * latest attempt locked for update.
   */
  public Registration nextAttempt(
      UUID newId, Registration previous, String learnerName, ScormVersion version) {
    insert(
        newId,
        previous.tenantId(),
        previous.assignmentId(),
        previous.topicId(),
        previous.learnerId(),
        learnerName != null ? learnerName : previous.learnerName(),
        version,
        previous.attempt() + 1);
    return latestForUpdate(
            previous.tenantId(), previous.assignmentId(), previous.topicId(), previous.learnerId())
        .orElseThrow();
  }

  private void insert(
      UUID id,
      String tenantId,
      String assignmentId,
      String topicId,
      String learnerId,
      String learnerName,
      ScormVersion version,
      int attempt) {
    jdbc.sql(
            """
            insert into registrations (id, tenant_id, assignment_id, topic_id, learner_id,
              learner_name, scorm_version, attempt)
            values (:id, :tenant, :assignment, :topic, :learner, :name, :version, :attempt)
            on conflict (tenant_id, assignment_id, topic_id, learner_id, attempt) do nothing
            """)
        .param("id", id)
        .param("tenant", tenantId)
        .param("assignment", assignmentId)
        .param("topic", topicId)
        .param("learner", learnerId)
        .param("name", learnerName)
        .param("version", version.name())
        .param("attempt", attempt)
        .update();
  }

  private Optional<Registration> latestForUpdate(
      String tenantId, String assignmentId, String topicId, String learnerId) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + """
                from registrations where tenant_id = :tenant and assignment_id = :assignment
                  and topic_id = :topic and learner_id = :learner
                order by attempt desc limit 1 for update
                """)
        .param("tenant", tenantId)
        .param("assignment", assignmentId)
        .param("topic", topicId)
        .param("learner", learnerId)
        .query(RegistrationStore::registration)
        .optional();
  }

  /** The assignment of the learner's most recent registration of the topic, if any. */
  public Optional<String> latestAssignment(String tenantId, String topicId, String learnerId) {
    return jdbc.sql(
            """
            select assignment_id from registrations
            where tenant_id = :tenant and topic_id = :topic and learner_id = :learner
            order by created_at desc, attempt desc limit 1
            """)
        .param("tenant", tenantId)
        .param("topic", topicId)
        .param("learner", learnerId)
        .query(String.class)
        .optional();
  }

  /** The registration, optionally locked for update. */
  public Optional<Registration> find(UUID id, boolean forUpdate) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from registrations where id = :id"
                + (forUpdate ? " for update" : ""))
        .param("id", id)
        .query(RegistrationStore::registration)
        .optional();
  }

  /**
   * The registrations with these ids (unknown ids are left out), read in one query.
   *
   * @param ids registration ids as a PostgreSQL {@code uuid[]}
   */
  Map<UUID, Registration> findAll(Object ids) {
    Map<UUID, Registration> found = new HashMap<>();
    jdbc.sql("select " + COLUMNS + " from registrations where id = any(:ids)")
        .param("ids", ids)
        .query(RegistrationStore::registration)
        .list()
        .forEach(r -> found.put(r.id(), r));
    return found;
  }

  /**
   * The latest session of each of these registrations (as {@link #latestSession}, locked), read in
   * one query; registrations without a session are left out.
   *
   * @param ids registration ids as a PostgreSQL {@code uuid[]}
   */
  Map<UUID, Session> latestSessionsForUpdate(Object ids) {
    Map<UUID, Session> found = new HashMap<>();
    jdbc.sql(
            """
            select s.id, s.registration_id, s.state, s.active_millis, s.last_heartbeat_at
            from unnest(:ids) as r(id)
            cross join lateral (
              select id, registration_id, state, active_millis, last_heartbeat_at from sessions
              where registration_id = r.id order by started_at desc, id limit 1 for update) s
            """)
        .param("ids", ids)
        .query(RegistrationStore::session)
        .list()
        .forEach(s -> found.put(s.registrationId(), s));
    return found;
  }

  /** Records what the LMS speaks now and who the learner is called there. */
  public void updateLaunchFacts(UUID id, ScormVersion version, String learnerName) {
    jdbc.sql(
            """
            update registrations set scorm_version = :version,
              learner_name = coalesce(:name, learner_name), updated_at = now() where id = :id
            """)
        .param("version", version.name())
        .param("name", learnerName)
        .param("id", id)
        .update();
  }

  /** Stores the bookmark's suspend-data encoding (the LMS's, at launch). */
  public void updateSuspendData(UUID id, String suspendData) {
    jdbc.sql("update registrations set suspend_data = :data, updated_at = now() where id = :id")
        .param("data", suspendData)
        .param("id", id)
        .update();
  }

  /**
   * Stores the bookmark's suspend-data encoding unless a bookmark that occurred later is stored
   * (heartbeats and checkpoint events arrive on two topics, in either order).
   *
   * @return true when stored
   */
  public boolean updateSuspendData(UUID id, String suspendData, Instant occurredAt) {
    return jdbc.sql(
                """
                update registrations set suspend_data = :data, bookmark_at = :at,
                  updated_at = now()
                where id = :id and (bookmark_at is null or bookmark_at <= :at)
                """)
            .param("data", suspendData)
            .param("at", occurredAt.atOffset(ZoneOffset.UTC))
            .param("id", id)
            .update()
        == 1;
  }

  /**
   * Stores scoring's status unless a newer one is already stored (a higher policy version, or the
   * same version with a later update time).
   *
   * @return true when stored
   */
  public boolean updateProgress(UUID id, TopicProgress progress, Instant statusUpdatedAt) {
    return jdbc.sql(
                """
                update registrations set completion_status = :completion,
                  success_status = :success, lesson_status = :lesson, raw_score = :raw,
                  policy_version = :policy, status_updated_at = :at, updated_at = now()
                where id = :id and (policy_version is null or policy_version < :policy
                  or (policy_version = :policy and status_updated_at <= :at))
                """)
            .param("completion", progress.completion().name())
            .param("success", progress.success().name())
            .param("lesson", progress.lesson().name())
            .param("raw", progress.rawScore())
            .param("policy", progress.policyVersion())
            .param("at", statusUpdatedAt.atOffset(ZoneOffset.UTC))
            .param("id", id)
            .update()
        == 1;
  }

  /** Adds active time to the registration. */
  public void addActiveMillis(UUID id, long millis) {
    jdbc.sql(
            "update registrations set active_millis = least(active_millis::numeric + :ms, :max)::bigint,"
                + " updated_at = now()"
                + " where id = :id")
        .param("ms", millis)
        .param("max", MAX_STORED_ACTIVE_MILLIS)
        .param("id", id)
        .update();
  }

  /**
   * Starts a session; earlier sessions still active are superseded (suspended).
   *
   * @param tokensIssuedAfter when the oldest session token that can still be valid was issued
   * @return the registration's earlier sessions, not terminated, started after {@code
   *     tokensIssuedAfter}: those whose tokens are to be revoked (ADR 26)
   */
  public List<UUID> startSession(
      UUID sessionId, UUID registrationId, boolean resume, Instant at, Instant tokensIssuedAfter) {
    OffsetDateTime now = at.atOffset(ZoneOffset.UTC);
    List<UUID> superseded =
        jdbc.sql(
                """
                select id from sessions
                where registration_id = :reg and state <> 'TERMINATED' and started_at > :since
                order by started_at
                """)
            .param("reg", registrationId)
            .param("since", tokensIssuedAfter.atOffset(ZoneOffset.UTC))
            .query(UUID.class)
            .list();
    jdbc.sql(
            """
            update sessions set state = 'SUSPENDED', ended_at = :now
            where registration_id = :reg and state = 'ACTIVE'
            """)
        .param("now", now)
        .param("reg", registrationId)
        .update();
    jdbc.sql(
            """
            insert into sessions (id, registration_id, entry, started_at, last_seen_at, state)
            values (:id, :reg, :entry, :now, :now, 'ACTIVE')
            """)
        .param("id", sessionId)
        .param("reg", registrationId)
        .param("entry", resume ? "resume" : "ab-initio")
        .param("now", now)
        .update();
    return superseded;
  }

  /** A session, optionally locked for update. */
  public Optional<Session> session(UUID id, boolean forUpdate) {
    return jdbc.sql(
            "select id, registration_id, state, active_millis, last_heartbeat_at from sessions"
                + " where id = :id"
                + (forUpdate ? " for update" : ""))
        .param("id", id)
        .query(RegistrationStore::session)
        .optional();
  }

  /** The registration's most recently started session. */
  public Optional<Session> latestSession(UUID registrationId, boolean forUpdate) {
    return jdbc.sql(
            """
            select id, registration_id, state, active_millis, last_heartbeat_at from sessions
            where registration_id = :reg order by started_at desc, id limit 1
            """
                + (forUpdate ? " for update" : ""))
        .param("reg", registrationId)
        .query(RegistrationStore::session)
        .optional();
  }

  /**
   * Adds a heartbeat's active time to a session locked by the caller, moves its last heartbeat
   * forward and makes a suspended session active again when the heartbeat occurred after the
   * session ended (an abandoned one stays abandoned until a SessionResumed). The end-of-session
   * signal sends its final heartbeat and the end event on two topics with the same occurred-at
   * time, in either order: that final heartbeat must not reopen the session it closes (ADR 0020).
   *
   * @param receivedAt when ingest-service received the heartbeat (server clock): the session's
   *     liveness counts from the latest such time
   * @return true when the heartbeat is the session's latest so far (its bookmark is current)
   */
  public boolean recordHeartbeat(
      Session locked, long activeMillis, Instant occurredAt, Instant receivedAt) {
    boolean latest =
        locked.lastHeartbeatAt() == null || !occurredAt.isBefore(locked.lastHeartbeatAt());
    jdbc.sql(
            """
            update sessions set active_millis = least(active_millis::numeric + :ms, :max)::bigint,
              last_heartbeat_at = :at,
              last_seen_at = greatest(coalesce(last_seen_at, started_at), :seen),
              state = case when state = 'SUSPENDED' and (ended_at is null or ended_at < :occurred)
                then 'ACTIVE' else state end,
              ended_at = case when state = 'SUSPENDED' and (ended_at is null or ended_at < :occurred)
                then null else ended_at end
            where id = :id
            """)
        .param("ms", activeMillis)
        .param("occurred", occurredAt.atOffset(ZoneOffset.UTC))
        .param("max", MAX_STORED_ACTIVE_MILLIS)
        .param("at", (latest ? occurredAt : locked.lastHeartbeatAt()).atOffset(ZoneOffset.UTC))
        .param("seen", receivedAt.atOffset(ZoneOffset.UTC))
        .param("id", locked.id())
        .update();
    return latest;
  }

  /**
   * Makes a suspended or abandoned session active again, provided it is still the registration's
   * latest session (a later launch superseded it otherwise).
   *
   * @return true when the session was reactivated
   */
  public boolean reactivateSession(UUID sessionId, UUID registrationId, Instant seenAt) {
    return jdbc.sql(
                """
                update sessions s set state = 'ACTIVE', ended_at = null,
                  last_seen_at = greatest(coalesce(s.last_seen_at, s.started_at), :seen)
                where s.id = :id and s.registration_id = :reg
                  and s.state in ('SUSPENDED', 'ABANDONED')
                  and not exists (select 1 from sessions later where later.registration_id = :reg
                    and later.id <> s.id and later.started_at > s.started_at)
                """)
            .param("seen", seenAt.atOffset(ZoneOffset.UTC))
            .param("id", sessionId)
            .param("reg", registrationId)
            .update()
        == 1;
  }

  /** Stores scoring's per-challenge breakdown (JSON array) of the registration's topic status. */
  public void updateChallenges(UUID id, String challengesJson) {
    jdbc.sql("update registrations set challenges = cast(:json as jsonb) where id = :id")
        .param("json", challengesJson)
        .param("id", id)
        .update();
  }

  /** Moves a session to {@code state} (SUSPENDED, TERMINATED, ABANDONED), unless it ended. */
  public void endSession(UUID sessionId, String state, Instant at) {
    jdbc.sql(
            """
            update sessions set state = :state, ended_at = coalesce(ended_at, :at)
            where id = :id and state in ('ACTIVE', 'SUSPENDED')
            """)
        .param("state", state)
        .param("at", at.atOffset(ZoneOffset.UTC))
        .param("id", sessionId)
        .update();
  }

  /** A registration from a row with {@link #COLUMNS}. */
  public static Registration registration(ResultSet rs, int row) throws SQLException {
    String completion = rs.getString("completion_status");
    TopicProgress progress =
        completion == null
            ? TopicProgress.NOT_STARTED
            : new TopicProgress(
                rs.getInt("policy_version"),
                Completion.valueOf(completion),
                Success.valueOf(rs.getString("success_status")),
                Lesson.valueOf(rs.getString("lesson_status")),
                rs.getBigDecimal("raw_score"));
    return new Registration(
        rs.getObject("id", UUID.class),
        rs.getString("tenant_id"),
        rs.getString("assignment_id"),
        rs.getString("topic_id"),
        rs.getString("learner_id"),
        rs.getString("learner_name"),
        ScormVersion.valueOf(rs.getString("scorm_version")),
        progress,
        rs.getLong("active_millis"),
        rs.getString("suspend_data"),
        rs.getInt("attempt"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant());
  }

  /**
   * A session from a row with {@code id, registration_id, state, active_millis, last_heartbeat_at}.
   */
  public static Session session(ResultSet rs, int row) throws SQLException {
    OffsetDateTime heartbeat = rs.getObject("last_heartbeat_at", OffsetDateTime.class);
    return new Session(
        rs.getObject("id", UUID.class),
        rs.getObject("registration_id", UUID.class),
        rs.getString("state"),
        rs.getLong("active_millis"),
        heartbeat == null ? null : heartbeat.toInstant());
  }
}

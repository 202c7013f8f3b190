package io.learnpulse.lmssync.registration;

import io.learnpulse.events.v1.ScormCommitted;
import io.learnpulse.lmssync.LmsSyncProperties;
import io.learnpulse.lmssync.db.SqlArrays;
import io.learnpulse.lmssync.outbox.KafkaOutbox;
import io.learnpulse.lmssync.scorm.CommitRule;
import io.learnpulse.lmssync.scorm.CommitRule.LastCommit;
import io.learnpulse.lmssync.scorm.ScormSummary;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A registration's SCORM summary, and the commit rows that hand it to the bridge: a commit is
 * written, numbered per session, whenever the summary of the registration's current session differs
 * from the one last committed in that session, except that a change of the session time alone waits
 * for {@code session-time-commit-interval} after the session's last commit ({@link CommitRule}, ADR
 * 0036).
 */
@Service
public class SummaryService {

  private static final TypeReference<Map<String, String>> ELEMENTS = new TypeReference<>() {};

  private final RegistrationStore registrations;
  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final KafkaOutbox outbox;
  private final String scormCommitTopic;
  private final Clock clock;
  private final DataSource dataSource;
  private final CommitRule rule;

  SummaryService(
      RegistrationStore registrations,
      JdbcClient jdbc,
      DataSource dataSource,
      JsonMapper json,
      KafkaOutbox outbox,
      LmsSyncProperties properties,
      Clock clock) {
    this.registrations = registrations;
    this.jdbc = jdbc;
    this.json = json;
    this.outbox = outbox;
    this.scormCommitTopic = properties.topics().scormCommit();
    this.clock = clock;
    this.dataSource = dataSource;
    this.rule = new CommitRule(properties.sessionTimeCommitInterval());
  }

  /** The summary of {@code registration} with the session time of {@code session} (or zero). */
  public ScormSummary summary(Registration registration, Session session) {
    return ScormSummary.of(
        registration.scormVersion(),
        registration.progress(),
        Duration.ofMillis(session == null ? 0 : session.activeMillis()),
        registration.bookmark().orElse(null));
  }

  /**
   * Writes a commit for the registration's latest session if its summary changed since that
   * session's last commit, or the policy version behind it did (every policy change leaves a
   * commit, ADR 0027), and its {@code ScormCommitted} audit event to the Kafka outbox; must run in
   * the transaction that changed the state. A change of the session time alone, in an active
   * session, is committed only once {@code session-time-commit-interval} has passed since the
   * session's last commit ({@link CommitRule}, ADR 0036).
   *
   * @return the sequence of the commit written, if one was
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Optional<Long> commitIfChanged(UUID registrationId) {
    return commit(registrationId, null);
  }

  /**
   * As {@link #commitIfChanged(UUID)}, but with a {@code reason} (a session's start, a status
   * regression held or allowed) the commit is written even when nothing changed, so the commit
   * timeline shows it; the reason is stored with the commit.
   *
   * @param reason why this commit is written, or null for an ordinary change
   * @return the sequence of the commit written, if one was
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Optional<Long> commit(UUID registrationId, String reason) {
    Optional<Registration> registration = registrations.find(registrationId, false);
    Optional<Session> session = registrations.latestSession(registrationId, true);
    if (registration.isEmpty() || session.isEmpty()) {
      return Optional.empty();
    }
    UUID sessionId = session.get().id();
    Optional<LastCommit> last =
        jdbc.sql(
                """
                select elements, policy_version, created_at from commits where session_id = :sid
                order by sequence desc limit 1
                """)
            .param("sid", sessionId)
            .query((rs, n) -> lastCommit(rs))
            .optional();
    Pending pending = decide(registration.get(), session.get(), last.orElse(null), reason);
    if (pending == null) {
      return Optional.empty();
    }
    long sequence =
        jdbc.sql(
                """
                update sessions set last_commit_sequence = last_commit_sequence + 1
                where id = :sid returning last_commit_sequence
                """)
            .param("sid", sessionId)
            .query(Long.class)
            .single();
    jdbc.sql(
            """
            insert into commits
              (session_id, sequence, registration_id, scorm_version, policy_version, elements,
               reason, created_at)
            values (:sid, :seq, :reg, :version, :policy, cast(:elements as jsonb), :reason, :at)
            """)
        .param("sid", sessionId)
        .param("seq", sequence)
        .param("reg", registrationId)
        .param("version", pending.summary().version().name())
        .param("policy", pending.policy())
        .param("elements", pending.elementsJson())
        .param("reason", pending.reason())
        .param("at", OffsetDateTime.ofInstant(pending.at(), ZoneOffset.UTC))
        .update();
    outbox.appendAll(List.of(committed(pending, sequence)));
    return Optional.of(sequence);
  }

  /**
   * {@link #commitIfChanged(UUID)} for several registrations at once, with the same rule and the
   * same rows, in a fixed number of statements whatever their number (ADR 0033): the registrations
   * and their latest sessions (locked) are read with one query each, then {@link
   * #commitChanged(List)}. Must run in the transaction that changed the state.
   *
   * @return the number of commits written
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public int commitIfChanged(Collection<UUID> registrationIds) {
    if (registrationIds.isEmpty()) {
      return 0;
    }
    Array ids = array("uuid", registrationIds.toArray());
    Map<UUID, Registration> found = registrations.findAll(ids);
    Map<UUID, Session> sessions = registrations.latestSessionsForUpdate(ids);
    List<Current> current = new ArrayList<>(registrationIds.size());
    for (UUID id : registrationIds) {
      Registration registration = found.get(id);
      Session session = sessions.get(id);
      if (registration != null && session != null) {
        current.add(new Current(registration, session));
      }
    }
    return commitChanged(current);
  }

  /**
   * A registration as its transaction left it, with its latest session, locked by that transaction.
   */
  public record Current(Registration registration, Session session) {}

  /**
   * {@link #commitIfChanged(Collection)} for registrations the caller has just read or written (a
   * heartbeat batch's {@code update … returning}), so they are not read again: the sessions' last
   * commits are read with one query, the commit sequences incremented and the commits inserted with
   * one statement, and the {@code ScormCommitted} outbox rows inserted with one JDBC batch. Must
   * run in the transaction that changed the state and locked the sessions.
   *
   * @return the number of commits written
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public int commitChanged(List<Current> current) {
    if (current.isEmpty()) {
      return 0;
    }
    Map<UUID, LastCommit> lastCommits =
        lastCommits(current.stream().map(Current::session).toList());
    List<Pending> pending = new ArrayList<>();
    for (Current c : current) {
      Pending commit =
          decide(c.registration(), c.session(), lastCommits.get(c.session().id()), null);
      if (commit != null) {
        pending.add(commit);
      }
    }
    if (pending.isEmpty()) {
      return 0;
    }
    Map<UUID, Long> sequences = insertCommits(pending);
    List<KafkaOutbox.Entry> events = new ArrayList<>(pending.size());
    for (Pending commit : pending) {
      events.add(committed(commit, sequences.get(commit.sessionId())));
    }
    outbox.appendAll(events);
    return pending.size();
  }

  /** A commit to write: what changed, for which session, and why. */
  private record Pending(
      Registration registration,
      UUID sessionId,
      ScormSummary summary,
      String reason,
      String elementsJson,
      Instant at) {

    Integer policy() {
      return summary.policyVersion() == 0 ? null : summary.policyVersion();
    }
  }

  /**
   * The commit to write for a registration's latest session, or null, by the {@link CommitRule}:
   * the one decision of the single and the batched path.
   */
  private Pending decide(
      Registration registration, Session session, LastCommit last, String reason) {
    ScormSummary summary = summary(registration, session);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    CommitRule.Decision decision =
        rule.decide(summary, last, "ACTIVE".equals(session.state()), reason, now);
    if (!decision.commit()) {
      return null;
    }
    return new Pending(
        registration,
        session.id(),
        summary,
        decision.reason(),
        json.writeValueAsString(summary.elements()),
        now);
  }

  private LastCommit lastCommit(ResultSet rs) throws SQLException {
    return new LastCommit(
        json.readValue(rs.getString("elements"), ELEMENTS),
        rs.getInt("policy_version"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant());
  }

  /** The latest commit of each of these sessions (those with one), in one query. */
  private Map<UUID, LastCommit> lastCommits(Collection<Session> sessions) {
    Map<UUID, LastCommit> last = new HashMap<>();
    if (sessions.isEmpty()) {
      return last;
    }
    jdbc.sql(
            """
            select c.session_id, c.elements, c.policy_version, c.created_at
            from unnest(:ids) as s(id)
            cross join lateral (
              select session_id, elements, policy_version, created_at from commits
              where session_id = s.id order by sequence desc limit 1) c
            """)
        .param("ids", array("uuid", sessions.stream().map(Session::id).toArray()))
        .query(
            rs -> {
              last.put(rs.getObject("session_id", UUID.class), lastCommit(rs));
            });
    return last;
  }

  /**
   * Increments each session's commit sequence and inserts its commit with the new sequence, in one
   * statement; returns the sequence per session.
   */
  private Map<UUID, Long> insertCommits(List<Pending> pending) {
    int n = pending.size();
    Object[] sessionIds = new Object[n];
    Object[] registrationIds = new Object[n];
    String[] versions = new String[n];
    Integer[] policies = new Integer[n];
    String[] elements = new String[n];
    String[] reasons = new String[n];
    String[] at = new String[n];
    for (int i = 0; i < n; i++) {
      Pending p = pending.get(i);
      sessionIds[i] = p.sessionId();
      registrationIds[i] = p.registration().id();
      versions[i] = p.summary().version().name();
      policies[i] = p.policy();
      elements[i] = p.elementsJson();
      reasons[i] = p.reason();
      at[i] = p.at().toString();
    }
    Map<UUID, Long> sequences = new HashMap<>();
    jdbc.sql(
            """
            with c as (
              select * from unnest(:sids, :regs, :versions, :policies, :elements, :reasons,
                  cast(:at as text[])::timestamptz[])
                as c(sid, reg, version, policy, elements, reason, at)
            ), bumped as (
              update sessions s set last_commit_sequence = s.last_commit_sequence + 1
              from c where s.id = c.sid
              returning s.id, s.last_commit_sequence
            )
            insert into commits
              (session_id, sequence, registration_id, scorm_version, policy_version, elements,
               reason, created_at)
            select c.sid, b.last_commit_sequence, c.reg, c.version, c.policy,
              cast(c.elements as jsonb), c.reason, c.at
            from c join bumped b on b.id = c.sid
            returning session_id, sequence
            """)
        .param("sids", array("uuid", sessionIds))
        .param("regs", array("uuid", registrationIds))
        .param("versions", array("text", versions))
        .param("policies", array("int4", policies))
        .param("elements", array("text", elements))
        .param("reasons", array("text", reasons))
        .param("at", array("text", at))
        .query(
            rs -> {
              sequences.put(rs.getObject("session_id", UUID.class), rs.getLong("sequence"));
            });
    if (sequences.size() != n) {
      throw new IllegalStateException(
          "wrote " + sequences.size() + " of " + n + " commits: a session disappeared");
    }
    return sequences;
  }

  /** A SQL array parameter on the transaction's connection ({@link SqlArrays}). */
  private Array array(String type, Object[] elements) {
    return SqlArrays.of(dataSource, type, elements);
  }

  /**
   * The commit's audit event, keyed by registration. Its event id is a name-based UUID of session
   * and sequence: the same commit always has the same id ({@code ce_id}).
   */
  private KafkaOutbox.Entry committed(Pending commit, long sequence) {
    Registration registration = commit.registration();
    UUID sessionId = commit.sessionId();
    ScormSummary summary = commit.summary();
    Instant now = commit.at().truncatedTo(ChronoUnit.MILLIS);
    UUID eventId =
        UUID.nameUUIDFromBytes(
            ("scorm-commit/" + sessionId + "/" + sequence).getBytes(StandardCharsets.UTF_8));
    ScormCommitted event =
        ScormCommitted.newBuilder()
            .setTenantId(registration.tenantId())
            .setRegistrationId(registration.id())
            .setSessionId(sessionId)
            .setCommitSequence(sequence)
            .setScormVersion(io.learnpulse.events.v1.ScormVersion.valueOf(summary.version().name()))
            .setElements(new LinkedHashMap<>(summary.elements()))
            .setPolicyVersion(commit.policy())
            .setCommittedAt(now)
            .build();
    return new KafkaOutbox.Entry(
        scormCommitTopic, registration.id().toString(), eventId, now, event);
  }
}

package io.learnpulse.lmssync.sync;

import io.learnpulse.events.v1.Heartbeat;
import io.learnpulse.lmssync.analytics.ChallengeTimeStore;
import io.learnpulse.lmssync.analytics.ChallengeTimeStore.Challenge;
import io.learnpulse.lmssync.db.SqlArrays;
import io.learnpulse.lmssync.registration.Registration;
import io.learnpulse.lmssync.registration.RegistrationStore;
import io.learnpulse.lmssync.registration.Session;
import io.learnpulse.lmssync.registration.SummaryService;
import io.learnpulse.lmssync.registration.SummaryService.Current;
import io.learnpulse.lmssync.scorm.Bookmark;
import io.learnpulse.lmssync.scorm.SuspendData;
import io.learnpulse.lmssync.sync.CoalescedHeartbeats.SessionChange;
import java.sql.Array;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes a consumer batch of heartbeats in one transaction with a fixed number of statements,
 * whatever the batch's size: the event ids go into {@code processed_events} in one {@code INSERT}
 * (only those not seen before are applied, so a redelivered batch changes nothing), the batch is
 * coalesced to one change per session ({@link CoalescedHeartbeats}), the registrations and sessions
 * are locked in id order, and each table gets one {@code UPDATE} from arrays ({@code unnest}). The
 * stored result is the one {@link EventApplier} gives applying the same heartbeats one by one:
 * active time added (clamped), last heartbeat and last seen moved forward, a suspended session
 * reopened by a heartbeat that occurred after its end, the bookmark of the latest heartbeat stored
 * unless a later one is; the time per challenge goes in with one statement too. Then each
 * registration touched gets one SCORM commit if its summary changed ({@link
 * SummaryService#commitChanged}, all registrations of the batch at once), where one by one each
 * heartbeat made one; the summaries are built from the rows the updates return, not read again.
 *
 * <p>Heartbeats for sessions this service does not know, or naming another registration than the
 * session's, are skipped as one at a time.
 */
@Component
public class HeartbeatBatchWriter {

  private static final Logger log = LoggerFactory.getLogger(HeartbeatBatchWriter.class);

  private final JdbcClient jdbc;
  private final DataSource dataSource;
  private final SummaryService summaries;
  private final ChallengeTimeStore challengeTime;

  protected HeartbeatBatchWriter(
      JdbcClient jdbc,
      DataSource dataSource,
      SummaryService summaries,
      ChallengeTimeStore challengeTime) {
    this.jdbc = jdbc;
    this.dataSource = dataSource;
    this.summaries = summaries;
    this.challengeTime = challengeTime;
  }

  /**
   * Applies the heartbeats (checked against the event limits already) in one transaction; if it
   * fails, nothing of the batch is stored.
   *
   * @param topic the topic they were consumed from (recorded with their event ids)
   * @return heartbeats applied for the first time
   */
  @Transactional
  public int write(String topic, List<Heartbeat> heartbeats) {
    if (heartbeats.isEmpty()) {
      return 0;
    }
    List<Heartbeat> fresh = firstTime(topic, heartbeats);
    if (fresh.isEmpty()) {
      return 0;
    }
    List<SessionChange> changes = CoalescedHeartbeats.coalesce(fresh);
    lockRegistrations(changes);
    Map<UUID, StoredSession> stored = lockSessions(changes);

    List<SessionChange> known = new ArrayList<>(changes.size());
    for (SessionChange change : changes) {
      StoredSession session = stored.get(change.sessionId());
      if (session == null || !session.registrationId().equals(change.registrationId())) {
        log.info(
            "{} heartbeat(s) for unknown session {} of {} skipped",
            change.heartbeats(),
            change.sessionId(),
            change.registrationId());
      } else {
        known.add(change);
      }
    }
    if (known.isEmpty()) {
      return fresh.size();
    }
    Map<UUID, Session> sessions = updateSessions(known);
    Map<UUID, RegistrationChange> registrations = registrationChanges(known, stored);
    Map<UUID, Registration> written = updateRegistrations(registrations.values());
    addChallengeTime(fresh, known);
    // Each registration's summary with its latest session, as this transaction left them: the
    // session of the batch when it is the latest (the usual case), else read again.
    List<Current> current = new ArrayList<>(written.size());
    Set<UUID> elsewhere = new LinkedHashSet<>();
    Set<UUID> taken = new HashSet<>();
    for (SessionChange change : known) {
      UUID registrationId = change.registrationId();
      if (stored.get(change.sessionId()).latest()) {
        if (taken.add(registrationId)) {
          current.add(new Current(written.get(registrationId), sessions.get(change.sessionId())));
        }
      } else {
        elsewhere.add(registrationId);
      }
    }
    elsewhere.removeAll(taken);
    commit(current, elsewhere);
    return fresh.size();
  }

  /**
   * One SCORM commit per registration whose summary changed, all of them with a fixed number of
   * statements ({@link SummaryService#commitChanged}, ADR 0033): those whose latest session the
   * batch wrote from the rows it wrote, the others read again ({@link
   * SummaryService#commitIfChanged(java.util.Collection)}).
   *
   * @param current registrations with their latest session, as written by the batch
   * @param elsewhere registrations whose heartbeats were for an earlier session
   */
  protected void commit(List<Current> current, Set<UUID> elsewhere) {
    summaries.commitChanged(current);
    if (!elsewhere.isEmpty()) {
      summaries.commitIfChanged(elsewhere);
    }
  }

  /**
   * Time on task per challenge (ADR 0028), as one at a time adds it: each heartbeat of a known
   * session gives its active time to the challenge its bookmark is in, summed per registration and
   * challenge and written with one statement.
   */
  private void addChallengeTime(List<Heartbeat> fresh, List<SessionChange> known) {
    Set<UUID> sessions = new HashSet<>();
    for (SessionChange change : known) {
      sessions.add(change.sessionId());
    }
    Map<Challenge, Long> perChallenge = new LinkedHashMap<>();
    for (Heartbeat heartbeat : fresh) {
      if (heartbeat.getBookmark() == null
          || !sessions.contains(heartbeat.getMetadata().getSessionId())) {
        continue;
      }
      Challenge key =
          new Challenge(
              heartbeat.getMetadata().getRegistrationId(),
              heartbeat.getBookmark().getTopicId(),
              heartbeat.getBookmark().getChallengeId());
      perChallenge.merge(key, Math.max(0, heartbeat.getActiveMillis()), HeartbeatBatchWriter::sum);
    }
    addChallengeTime(perChallenge);
  }

  /** Writes the batch's time per challenge, one statement for all ({@link ChallengeTimeStore}). */
  protected void addChallengeTime(Map<Challenge, Long> perChallenge) {
    challengeTime.addAll(perChallenge);
  }

  private static long sum(long a, long b) {
    return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
  }

  /** The heartbeats whose event id was not recorded before, in their order. */
  private List<Heartbeat> firstTime(String topic, List<Heartbeat> heartbeats) {
    String[] ids = new String[heartbeats.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = heartbeats.get(i).getMetadata().getEventId().toString();
    }
    Set<UUID> inserted =
        new HashSet<>(
            jdbc.sql(
                    """
                    insert into processed_events (event_id, topic)
                    select id, :topic from unnest(cast(:ids as text[])::uuid[]) as t(id)
                    on conflict (event_id) do nothing
                    returning event_id
                    """)
                .param("topic", topic)
                .param("ids", array("text", ids))
                .query(UUID.class)
                .list());
    List<Heartbeat> fresh = new ArrayList<>(inserted.size());
    for (Heartbeat heartbeat : heartbeats) {
      // a second copy of an id within the batch finds it removed: applied once
      if (inserted.remove(heartbeat.getMetadata().getEventId())) {
        fresh.add(heartbeat);
      }
    }
    return fresh;
  }

  /** Locks the registrations first, as one at a time does, in id order against deadlocks. */
  private void lockRegistrations(List<SessionChange> changes) {
    String[] ids =
        changes.stream().map(c -> c.registrationId().toString()).distinct().toArray(String[]::new);
    jdbc.sql(
            """
            select id from registrations where id = any(cast(:ids as text[])::uuid[])
            order by id for update
            """)
        .param("ids", array("text", ids))
        .query(UUID.class)
        .list();
  }

  /**
   * A session as stored before the batch, and whether it is its registration's latest (the one
   * whose summary a commit carries).
   */
  private record StoredSession(UUID registrationId, Instant lastHeartbeatAt, boolean latest) {}

  private Map<UUID, StoredSession> lockSessions(List<SessionChange> changes) {
    String[] ids =
        changes.stream().map(c -> c.sessionId().toString()).distinct().toArray(String[]::new);
    Map<UUID, StoredSession> stored = new HashMap<>();
    jdbc.sql(
            """
            select s.id, s.registration_id, s.last_heartbeat_at,
              s.id = (select l.id from sessions l where l.registration_id = s.registration_id
                order by l.started_at desc, l.id limit 1) as latest
            from sessions s
            where s.id = any(cast(:ids as text[])::uuid[])
            order by s.id for update of s
            """)
        .param("ids", array("text", ids))
        .query(
            rs -> {
              OffsetDateTime last = rs.getObject("last_heartbeat_at", OffsetDateTime.class);
              stored.put(
                  rs.getObject("id", UUID.class),
                  new StoredSession(
                      rs.getObject("registration_id", UUID.class),
                      last == null ? null : last.toInstant(),
                      rs.getBoolean("latest")));
            });
    return stored;
  }

  /** The sessions as updated, by id. */
  private Map<UUID, Session> updateSessions(List<SessionChange> changes) {
    int n = changes.size();
    String[] ids = new String[n];
    Long[] millis = new Long[n];
    String[] occurred = new String[n];
    String[] received = new String[n];
    for (int i = 0; i < n; i++) {
      SessionChange c = changes.get(i);
      ids[i] = c.sessionId().toString();
      millis[i] = c.activeMillis();
      occurred[i] = c.lastOccurredAt().toString();
      received[i] = c.lastReceivedAt().toString();
    }
    // The same rules as RegistrationStore.recordHeartbeat, with the batch's sum and latest times:
    // a heartbeat after a suspended session's end reopens it, so the latest one decides.
    Map<UUID, Session> updated = new HashMap<>();
    jdbc.sql(
            """
            update sessions s set
              active_millis = least(s.active_millis::numeric + h.ms, :max)::bigint,
              last_heartbeat_at = greatest(s.last_heartbeat_at, h.occurred),
              last_seen_at = greatest(coalesce(s.last_seen_at, s.started_at), h.received),
              state = case when s.state = 'SUSPENDED'
                  and (s.ended_at is null or s.ended_at < h.occurred)
                then 'ACTIVE' else s.state end,
              ended_at = case when s.state = 'SUSPENDED'
                  and (s.ended_at is null or s.ended_at < h.occurred)
                then null else s.ended_at end
            from unnest(cast(:ids as text[])::uuid[], cast(:ms as bigint[]),
                cast(:occurred as text[])::timestamptz[], cast(:received as text[])::timestamptz[])
              as h(id, ms, occurred, received)
            where s.id = h.id
            returning s.id, s.registration_id, s.state, s.active_millis, s.last_heartbeat_at
            """)
        .param("max", RegistrationStore.MAX_STORED_ACTIVE_MILLIS)
        .param("ids", array("text", ids))
        .param("ms", array("bigint", millis))
        .param("occurred", array("text", occurred))
        .param("received", array("text", received))
        .query(RegistrationStore::session)
        .list()
        .forEach(session -> updated.put(session.id(), session));
    return updated;
  }

  /** What one registration gets from the sessions of the batch. */
  private static final class RegistrationChange {
    private final UUID id;
    private long activeMillis;
    private SessionChange bookmark;

    RegistrationChange(UUID id) {
      this.id = id;
    }
  }

  /**
   * Active time summed per registration; its bookmark is the latest among its sessions' (the later
   * one in the batch on a tie), as one at a time keeps the last stored of the bookmarks that
   * occurred no earlier than the one before.
   */
  private static Map<UUID, RegistrationChange> registrationChanges(
      List<SessionChange> changes, Map<UUID, StoredSession> stored) {
    Map<UUID, RegistrationChange> byRegistration = new LinkedHashMap<>();
    for (SessionChange change : changes) {
      RegistrationChange registration =
          byRegistration.computeIfAbsent(change.registrationId(), RegistrationChange::new);
      long millis = change.activeMillis();
      registration.activeMillis =
          registration.activeMillis > Long.MAX_VALUE - millis
              ? Long.MAX_VALUE
              : registration.activeMillis + millis;
      if (change.bookmarkIsLatestAfter(stored.get(change.sessionId()).lastHeartbeatAt())) {
        SessionChange current = registration.bookmark;
        if (current == null
            || change.bookmarkAt().isAfter(current.bookmarkAt())
            || (change.bookmarkAt().equals(current.bookmarkAt())
                && change.bookmarkIndex() > current.bookmarkIndex())) {
          registration.bookmark = change;
        }
      }
    }
    return byRegistration;
  }

  /** The registrations as updated, by id. */
  private Map<UUID, Registration> updateRegistrations(
      java.util.Collection<RegistrationChange> changes) {
    int n = changes.size();
    String[] ids = new String[n];
    Long[] millis = new Long[n];
    String[] bookmarkAt = new String[n];
    String[] suspendData = new String[n];
    int i = 0;
    for (RegistrationChange c : changes) {
      ids[i] = c.id.toString();
      millis[i] = c.activeMillis;
      if (c.bookmark != null) {
        bookmarkAt[i] = c.bookmark.bookmarkAt().toString();
        suspendData[i] = storedSuspendData(c.bookmark.bookmark());
      }
      i++;
    }
    // The same rules as RegistrationStore.addActiveMillis and updateSuspendData(id, data, at).
    Map<UUID, Registration> updated = new HashMap<>();
    jdbc.sql(
            """
            update registrations r set
              active_millis = least(r.active_millis::numeric + h.h_ms, :max)::bigint,
              suspend_data = case when h.h_bookmark_at is not null
                  and (r.bookmark_at is null or r.bookmark_at <= h.h_bookmark_at)
                then h.h_suspend_data else r.suspend_data end,
              bookmark_at = case when h.h_bookmark_at is not null
                  and (r.bookmark_at is null or r.bookmark_at <= h.h_bookmark_at)
                then h.h_bookmark_at else r.bookmark_at end,
              updated_at = now()
            from unnest(cast(:ids as text[])::uuid[], cast(:ms as bigint[]),
                cast(:at as text[])::timestamptz[], cast(:data as text[]))
              as h(h_id, h_ms, h_bookmark_at, h_suspend_data)
            where r.id = h.h_id
            returning
            """
                + RegistrationStore.COLUMNS)
        .param("max", RegistrationStore.MAX_STORED_ACTIVE_MILLIS)
        .param("ids", array("text", ids))
        .param("ms", array("bigint", millis))
        .param("at", array("text", bookmarkAt))
        .param("data", array("text", suspendData))
        .query(RegistrationStore::registration)
        .list()
        .forEach(registration -> updated.put(registration.id(), registration));
    return updated;
  }

  /** The stored (uncut) suspend-data encoding of a heartbeat's bookmark, as EventApplier's. */
  private static String storedSuspendData(io.learnpulse.events.v1.Bookmark b) {
    Bookmark bookmark =
        new Bookmark(
            b.getTopicId(),
            b.getChallengeId(),
            b.getStep(),
            new TreeSet<>(b.getRevealedHints()),
            b.getPendingAnswerId());
    return SuspendData.encode(bookmark, Integer.MAX_VALUE);
  }

  /** A SQL array parameter on the transaction's connection ({@link SqlArrays}). */
  private Array array(String type, Object[] elements) {
    return SqlArrays.of(dataSource, type, elements);
  }
}

package io.learnpulse.lmssync.session;

import io.learnpulse.events.v1.EventMetadata;
import io.learnpulse.events.v1.SessionAbandoned;
import io.learnpulse.lmssync.LmsSyncProperties;
import io.learnpulse.lmssync.db.SqlArrays;
import io.learnpulse.lmssync.outbox.KafkaOutbox;
import io.learnpulse.lmssync.registration.SummaryService;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Closes sessions that showed no life for {@code learnpulse.lms-sync.sessions.abandon-after}
 * (default 30 min) as abandoned: in one transaction per batch it marks them ABANDONED, writes a
 * {@code SessionAbandoned} event per session to the Kafka outbox and commits the session time a
 * heartbeat left uncommitted, as a session's end from the player does ({@link
 * SummaryService#commitIfChanged(java.util.Collection)}, ADR 0036). The registration (bookmark,
 * status, active time) is left as it is, so the next launch resumes it. A later {@code
 * SessionResumed} from the player reactivates the session.
 *
 * <p>Runs every {@code sweep-interval} on each replica, on Spring's task scheduler. Each batch
 * locks the registrations of due sessions, then those sessions, in the order every writer locks
 * them, with {@code FOR UPDATE SKIP LOCKED}: replicas never take the same session, and a
 * registration a heartbeat batch or an end holds is left for the next round instead of waited for.
 */
@Component
public class SessionSweeper implements SchedulingConfigurer {

  private static final Logger log = LoggerFactory.getLogger(SessionSweeper.class);
  private static final String PRODUCER = io.learnpulse.schemas.wire.ProducerId.LMS_SYNC.id();

  private final JdbcClient jdbc;
  private final DataSource dataSource;
  private final SummaryService summaries;
  private final TransactionTemplate transactions;
  private final KafkaOutbox outbox;
  private final Clock clock;
  private final LmsSyncProperties.Sessions settings;
  private final String activityTopic;

  SessionSweeper(
      JdbcClient jdbc,
      DataSource dataSource,
      TransactionTemplate transactions,
      KafkaOutbox outbox,
      SummaryService summaries,
      Clock clock,
      LmsSyncProperties properties) {
    this.jdbc = jdbc;
    this.dataSource = dataSource;
    this.summaries = summaries;
    this.transactions = transactions;
    this.outbox = outbox;
    this.clock = clock;
    this.settings = properties.sessions();
    this.activityTopic = properties.topics().activity();
  }

  /**
   * Abandons every session that is due now, batch after batch.
   *
   * @return sessions abandoned by this call (others may have been taken by another replica)
   */
  public int sweep() {
    int total = 0;
    while (true) {
      Integer abandoned = transactions.execute(status -> sweepBatch());
      total += abandoned == null ? 0 : abandoned;
      if (abandoned == null || abandoned < settings.sweepBatch()) {
        return total;
      }
    }
  }

  private int sweepBatch() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    OffsetDateTime cutoff = now.minus(settings.abandonAfter()).atOffset(ZoneOffset.UTC);
    // Registrations first, then their sessions: the order of the heartbeat batch writer, the
    // checkpoints and a session's end (ADR 0036), since the commit below takes the registration's
    // key share lock. Both skip what another transaction holds: that session is due next round.
    List<UUID> registrationIds =
        jdbc.sql(
                """
                select id from registrations
                where id in (
                  select registration_id from sessions
                  where state = 'ACTIVE' and coalesce(last_seen_at, started_at) < :cutoff
                  order by coalesce(last_seen_at, started_at)
                  limit :batch)
                order by id
                for update skip locked
                """)
            .param("cutoff", cutoff)
            .param("batch", settings.sweepBatch())
            .query(UUID.class)
            .list();
    if (registrationIds.isEmpty()) {
      return 0;
    }
    List<Due> due =
        jdbc.sql(
                """
                select s.id, s.registration_id, s.started_at, s.last_heartbeat_at,
                  r.tenant_id, r.learner_id, r.assignment_id, r.topic_id
                from sessions s join registrations r on r.id = s.registration_id
                where s.registration_id = any(:registrations)
                  and s.state = 'ACTIVE' and coalesce(s.last_seen_at, s.started_at) < :cutoff
                order by s.id
                for update of s skip locked
                """)
            .param("registrations", SqlArrays.of(dataSource, "uuid", registrationIds.toArray()))
            .param("cutoff", cutoff)
            .query(
                (rs, n) -> {
                  OffsetDateTime heartbeat =
                      rs.getObject("last_heartbeat_at", OffsetDateTime.class);
                  return new Due(
                      rs.getObject("id", UUID.class),
                      rs.getObject("registration_id", UUID.class),
                      (heartbeat != null
                              ? heartbeat
                              : rs.getObject("started_at", OffsetDateTime.class))
                          .toInstant(),
                      rs.getString("tenant_id"),
                      rs.getString("learner_id"),
                      rs.getString("assignment_id"),
                      rs.getString("topic_id"));
                })
            .list();
    if (due.isEmpty()) {
      return 0;
    }
    jdbc.sql("update sessions set state = 'ABANDONED', ended_at = :now where id = any(:ids)")
        .param("now", now.atOffset(ZoneOffset.UTC))
        .param("ids", SqlArrays.of(dataSource, "uuid", due.stream().map(Due::id).toArray()))
        .update();
    List<KafkaOutbox.Entry> events = new ArrayList<>(due.size());
    Set<UUID> abandoned = new LinkedHashSet<>();
    for (Due session : due) {
      abandoned.add(session.registrationId);
      UUID eventId = UUID.randomUUID();
      SessionAbandoned event =
          SessionAbandoned.newBuilder()
              .setMetadata(
                  EventMetadata.newBuilder()
                      .setEventId(eventId)
                      .setOccurredAt(now)
                      .setReceivedAt(now)
                      .setTenantId(session.tenantId)
                      .setLearnerId(session.learnerId)
                      .setRegistrationId(session.registrationId)
                      .setSessionId(session.id)
                      .setSequence(0)
                      .setProducer(PRODUCER)
                      .build())
              .setAssignmentId(session.assignmentId)
              .setTopicId(session.topicId)
              .setLastHeartbeatAt(session.lastHeartbeatAt)
              .build();
      events.add(
          new KafkaOutbox.Entry(
              activityTopic, session.registrationId.toString(), eventId, now, event));
    }
    outbox.appendAll(events);
    // The session time a heartbeat left uncommitted goes out now, as with an end from the player
    // (ADR 0036): the session is no longer active, so the commit rule lets it through.
    summaries.commitIfChanged(abandoned);
    log.info(
        "{} session(s) abandoned after {} without a heartbeat",
        due.size(),
        settings.abandonAfter());
    return due.size();
  }

  private void run() {
    try {
      sweep();
    } catch (RuntimeException e) {
      // The next round retries; nothing was changed by the failed transaction.
      log.warn("session sweep failed, retrying in {}", settings.sweepInterval(), e);
    }
  }

  @Override
  public void configureTasks(ScheduledTaskRegistrar tasks) {
    tasks.addFixedDelayTask(
        new FixedDelayTask(this::run, settings.sweepInterval(), settings.sweepInterval()));
  }

  private record Due(
      UUID id,
      UUID registrationId,
      Instant lastHeartbeatAt,
      String tenantId,
      String learnerId,
      String assignmentId,
      String topicId) {}
}

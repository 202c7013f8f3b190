package io.learnpulse.lmssync.sync;

import io.learnpulse.events.v1.ChallengeResult;
import io.learnpulse.events.v1.EventMetadata;
import io.learnpulse.events.v1.Heartbeat;
import io.learnpulse.events.v1.RevocationReason;
import io.learnpulse.events.v1.SessionAbandoned;
import io.learnpulse.events.v1.SessionResumed;
import io.learnpulse.events.v1.SessionSuspended;
import io.learnpulse.events.v1.SessionTerminated;
import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.lmssync.analytics.ChallengeTimeStore;
import io.learnpulse.lmssync.assignment.AssignmentService;
import io.learnpulse.lmssync.registration.Registration;
import io.learnpulse.lmssync.registration.RegistrationStore;
import io.learnpulse.lmssync.registration.Session;
import io.learnpulse.lmssync.registration.SummaryService;
import io.learnpulse.lmssync.scorm.Bookmark;
import io.learnpulse.lmssync.scorm.Checkpoint;
import io.learnpulse.lmssync.scorm.RegressionRule;
import io.learnpulse.lmssync.scorm.SuspendData;
import io.learnpulse.lmssync.scorm.TopicProgress;
import io.learnpulse.lmssync.scorm.TopicProgress.Completion;
import io.learnpulse.lmssync.scorm.TopicProgress.Lesson;
import io.learnpulse.lmssync.scorm.TopicProgress.Success;
import io.learnpulse.lmssync.token.SessionRevocations;
import io.learnpulse.lmssync.token.SessionRevocations.RevokedSession;
import io.learnpulse.schemas.wire.ProducerId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies consumed events to registrations and sessions, one transaction per event: the event id is
 * recorded in {@code processed_events} in the same transaction as the change it causes, so a
 * redelivered event changes nothing. Every change that alters the SCORM summary writes a commit row
 * in that transaction too ({@link SummaryService#commitIfChanged(UUID)}).
 *
 * <p>Events for registrations or sessions this service does not know are logged and skipped (they
 * belong to launches elsewhere, or arrived before the launch committed, which cannot happen for
 * tokens this service issued).
 */
@Service
public class EventApplier {

  private static final Logger log = LoggerFactory.getLogger(EventApplier.class);

  /**
   * The stored bookmark encoding is the full one (its size is bounded by ingest-service's {@code
   * EventLimits}: ids, indexes, hint count); only the copy sent to the LMS is cut to the SCORM
   * version's limit ({@link io.learnpulse.lmssync.scorm.ScormSummary}), so a resume gets every hint
   * back even when the LMS's copy had to leave them out.
   */
  private static final int STORED_SUSPEND_DATA_LIMIT = Integer.MAX_VALUE;

  private final JdbcClient jdbc;
  private final RegistrationStore registrations;
  private final SummaryService summaries;
  private final AssignmentService assignments;
  private final ChallengeTimeStore challengeTime;
  private final SessionRevocations revocations;

  private final JsonMapper json;

  EventApplier(
      JdbcClient jdbc,
      RegistrationStore registrations,
      SummaryService summaries,
      AssignmentService assignments,
      ChallengeTimeStore challengeTime,
      SessionRevocations revocations,
      JsonMapper json) {
    this.jdbc = jdbc;
    this.registrations = registrations;
    this.summaries = summaries;
    this.assignments = assignments;
    this.challengeTime = challengeTime;
    this.revocations = revocations;
    this.json = json;
  }

  /**
   * Applies scoring's topic status unless a newer one is stored; a status that would lower what the
   * LMS holds goes through the assignment's {@link RegressionRule}, and the commit records why.
   */
  @Transactional
  public boolean apply(UUID eventId, String topic, TopicStatus status) {
    if (!firstTime(eventId, topic)) {
      return false;
    }
    Optional<Registration> registration = registrations.find(status.getRegistrationId(), true);
    if (registration.isEmpty()) {
      log.info("topic status for unknown registration {} skipped", status.getRegistrationId());
      return true;
    }
    if (!registration.get().topicId().equals(status.getTopicId())) {
      log.info(
          "topic status for topic {} of registration {} (topic {}) skipped",
          status.getTopicId(),
          status.getRegistrationId(),
          registration.get().topicId());
      return true;
    }
    TopicProgress progress =
        TopicProgress.of(
            status.getPolicyVersion(),
            Completion.valueOf(status.getCompletionStatus().name()),
            Success.valueOf(status.getSuccessStatus().name()),
            Lesson.valueOf(status.getLessonStatus().name()),
            status.getRawScore());
    // What the LMS holds is not lowered silently: the assignment's rule decides (ADR 0027).
    RegressionRule.Decision decision =
        assignments
            .regressionRule(registration.get().assignmentId())
            .decide(registration.get().progress(), progress);
    if (registrations.updateProgress(
        status.getRegistrationId(), decision.progress(), status.getUpdatedAt())) {
      registrations.updateChallenges(
          status.getRegistrationId(), json.writeValueAsString(breakdown(status.getChallenges())));
      summaries.commit(status.getRegistrationId(), decision.reason());
    }
    return true;
  }

  /** Adds a heartbeat's active time and, when it is the latest, its bookmark. */
  @Transactional
  public boolean apply(UUID eventId, String topic, Heartbeat heartbeat) {
    return applyHeartbeat(eventId, topic, heartbeat);
  }

  private boolean applyHeartbeat(UUID eventId, String topic, Heartbeat heartbeat) {
    if (!firstTime(eventId, topic)) {
      return false;
    }
    UUID sessionId = heartbeat.getMetadata().getSessionId();
    UUID registrationId = heartbeat.getMetadata().getRegistrationId();
    Optional<Registration> registration = registrations.find(registrationId, true);
    Optional<Session> session =
        registrations
            .session(sessionId, true)
            .filter(s -> s.registrationId().equals(registrationId));
    if (registration.isEmpty() || session.isEmpty()) {
      log.info("heartbeat for unknown session {} of {} skipped", sessionId, registrationId);
      return true;
    }
    long activeMillis = Math.max(0, heartbeat.getActiveMillis());
    boolean latest =
        registrations.recordHeartbeat(
            session.get(),
            activeMillis,
            heartbeat.getMetadata().getOccurredAt(),
            heartbeat.getMetadata().getReceivedAt());
    registrations.addActiveMillis(registrationId, activeMillis);
    if (heartbeat.getBookmark() != null) {
      // Time on task per challenge (ADR 0028): the time since the previous heartbeat goes to the
      // challenge the learner is in now.
      challengeTime.add(
          registrationId,
          heartbeat.getBookmark().getTopicId(),
          heartbeat.getBookmark().getChallengeId(),
          activeMillis);
    }
    if (latest && heartbeat.getBookmark() != null) {
      io.learnpulse.events.v1.Bookmark b = heartbeat.getBookmark();
      Bookmark bookmark =
          new Bookmark(
              b.getTopicId(),
              b.getChallengeId(),
              b.getStep(),
              new java.util.TreeSet<>(b.getRevealedHints()),
              b.getPendingAnswerId());
      registrations.updateSuspendData(
          registrationId,
          SuspendData.encode(bookmark, STORED_SUSPEND_DATA_LIMIT),
          heartbeat.getMetadata().getOccurredAt());
    }
    summaries.commitIfChanged(registrationId);
    return true;
  }

  /**
   * Moves the registration's bookmark by a player checkpoint (challenge opened, step reached, hint,
   * answer, review) and commits when location or suspend data change, unless a bookmark that
   * occurred later (a heartbeat's) is already stored.
   */
  @Transactional
  public boolean applyCheckpoint(
      UUID eventId, String topic, EventMetadata metadata, Checkpoint checkpoint) {
    if (!firstTime(eventId, topic)) {
      return false;
    }
    Optional<Registration> registration = registrations.find(metadata.getRegistrationId(), true);
    if (registration.isEmpty() || !registration.get().topicId().equals(checkpoint.topicId())) {
      log.info(
          "checkpoint for unknown registration {} or another topic skipped",
          metadata.getRegistrationId());
      return true;
    }
    Bookmark moved = checkpoint.applyTo(registration.get().bookmark().orElse(null));
    if (registrations.updateSuspendData(
        registration.get().id(),
        SuspendData.encode(moved, STORED_SUSPEND_DATA_LIMIT),
        metadata.getOccurredAt())) {
      summaries.commitIfChanged(registration.get().id());
    }
    return true;
  }

  /**
   * Reactivates the session a player resumed (ingest-service's {@code session.resumed}) when it was
   * suspended or abandoned and is still the registration's latest session. SessionResumed events
   * this service published itself (at launch) are already applied and skipped.
   */
  @Transactional
  public boolean applySessionResumed(UUID eventId, String topic, SessionResumed resumed) {
    if (!firstTime(eventId, topic)) {
      return false;
    }
    EventMetadata metadata = resumed.getMetadata();
    if (ProducerId.LMS_SYNC.is(metadata.getProducer())) {
      return true;
    }
    if (registrations.reactivateSession(
        metadata.getSessionId(), metadata.getRegistrationId(), metadata.getReceivedAt())) {
      log.debug("session {} resumed", metadata.getSessionId());
    }
    return true;
  }

  /** Ends the session the event is about. */
  @Transactional
  public boolean applySessionEnd(UUID eventId, String topic, Object event) {
    String state;
    EventMetadata metadata;
    if (event instanceof SessionSuspended suspended) {
      state = "SUSPENDED";
      metadata = suspended.getMetadata();
    } else if (event instanceof SessionTerminated terminated) {
      state = "TERMINATED";
      metadata = terminated.getMetadata();
    } else if (event instanceof SessionAbandoned abandoned) {
      state = "ABANDONED";
      metadata = abandoned.getMetadata();
    } else {
      throw new IllegalArgumentException("not a session end: " + event.getClass().getName());
    }
    if (!firstTime(eventId, topic)) {
      return false;
    }
    if (ProducerId.LMS_SYNC.is(metadata.getProducer())) {
      // Published by this service's sweeper, which changed the state in the same transaction; a
      // resume that arrived since must not be undone by the delayed echo.
      return true;
    }
    // Registration row first, then its sessions: the order the heartbeat batch writer and the
    // checkpoints lock in. The commit below locks the latest session and its insert takes a key
    // share lock on the registration; without this, a heartbeat batch holding the registration
    // and waiting for the ended session deadlocks with this transaction (capacity run 9).
    registrations.find(metadata.getRegistrationId(), true);
    registrations.endSession(metadata.getSessionId(), state, metadata.getOccurredAt());
    // An ended session gets the session time a heartbeat left uncommitted (ADR 0036); when the
    // final heartbeat comes after this event it commits at once, the session being ended.
    summaries.commitIfChanged(metadata.getRegistrationId());
    if ("TERMINATED".equals(state)
        && registrations.session(metadata.getSessionId(), false).isPresent()) {
      // A terminated session cannot come back: its tokens stop working at ingest (ADR 26). A
      // suspended one can (a heartbeat after the end reopens it, ADR 20), so it keeps them.
      revocations.revoke(
          new RevokedSession(
              metadata.getSessionId(),
              metadata.getRegistrationId(),
              metadata.getTenantId(),
              metadata.getLearnerId()),
          RevocationReason.TERMINATED,
          null);
    }
    return true;
  }

  private static List<Map<String, Object>> breakdown(List<ChallengeResult> challenges) {
    List<Map<String, Object>> rows = new ArrayList<>(challenges.size());
    for (ChallengeResult c : challenges) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("challengeId", c.getChallengeId());
      row.put("opened", c.getOpened());
      row.put("reviewed", c.getReviewed());
      row.put("resolved", c.getResolved());
      row.put("hints", c.getHints());
      row.put("incorrectAttempts", c.getIncorrectAttempts());
      row.put("correctOnFirstTry", c.getCorrectOnFirstTry());
      row.put("score", c.getScore());
      rows.add(row);
    }
    return rows;
  }

  private boolean firstTime(UUID eventId, String topic) {
    return jdbc.sql(
                "insert into processed_events (event_id, topic) values (:id, :topic)"
                    + " on conflict (event_id) do nothing")
            .param("id", eventId)
            .param("topic", topic)
            .update()
        == 1;
  }
}

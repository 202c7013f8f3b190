package io.learnpulse.xapi.statement;

import io.learnpulse.events.v1.AnswerOutcome;
import io.learnpulse.events.v1.AnswerReviewed;
import io.learnpulse.events.v1.AnswerSubmitted;
import io.learnpulse.events.v1.ChallengeOpened;
import io.learnpulse.events.v1.ChallengeResult;
import io.learnpulse.events.v1.EventMetadata;
import io.learnpulse.events.v1.HintRevealed;
import io.learnpulse.events.v1.ReviewOutcome;
import io.learnpulse.events.v1.SessionAbandoned;
import io.learnpulse.events.v1.SessionResumed;
import io.learnpulse.events.v1.SessionStarted;
import io.learnpulse.events.v1.SessionSuspended;
import io.learnpulse.events.v1.SessionTerminated;
import io.learnpulse.events.v1.StepReached;
import io.learnpulse.events.v1.SuccessStatus;
import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.schemas.wire.ProducerId;
import io.learnpulse.schemas.xapi.XapiUuids;
import io.learnpulse.xapi.statement.Result.Score;
import io.learnpulse.xapi.statement.Statement.Account;
import io.learnpulse.xapi.statement.Statement.Activity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/**
 * Maps LearnPulse events to xAPI 1.0.3 statements, one method per event kind (docs/xapi.md shows a
 * statement of each kind).
 *
 * <p>Rules every statement follows:
 *
 * <ul>
 *   <li>id = UUID v5 of the source fact and the {@link StatementKind}, so a redelivered event gives
 *       the same statement and the LRS treats it as a no-op;
 *   <li>actor = an account on the tenant's home page named by the learner id (or its pseudonym);
 *   <li>activities = IRIs under the configured base: {@code /assignments/{a}}, {@code /topics/{t}},
 *       {@code /topics/{t}/challenges/{c}}, {@code .../hints/{i}};
 *   <li>context.registration = UUID v5 of the registration id; contextActivities parent (the
 *       enclosing topic or challenge) and grouping (the assignment);
 *   <li>timestamp = the event's occurred-at, but never later than its received-at (a player clock
 *       running ahead would otherwise give a statement from the future, which LRSs reject).
 * </ul>
 *
 * <p>A topic status gives a completed statement once the topic is finished, and a passed or failed
 * statement once its success status is known; its source fact is (registration, topic, policy
 * version), so later recomputations under the same policy map to the same ids.
 */
public final class XapiMapper {

  private final MappingOptions options;
  private final String base;

  /** A mapper with {@code options}. */
  public XapiMapper(MappingOptions options) {
    this.options = options;
    String text = options.activityBase().toString();
    this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }

  /** Tenant of a supported event. */
  public static String tenantOf(SpecificRecord event) {
    if (event instanceof TopicStatus status) {
      return status.getTenantId();
    }
    return metadata(event).getTenantId();
  }

  /** Registration of a supported event. */
  public static UUID registrationOf(SpecificRecord event) {
    if (event instanceof TopicStatus status) {
      return status.getRegistrationId();
    }
    return metadata(event).getRegistrationId();
  }

  /** True when {@link #map} turns events of this type into statements. */
  public static boolean supports(SpecificRecord event) {
    return event instanceof TopicStatus || metadataOrNull(event) != null;
  }

  /**
   * Statements of any supported event; an empty list for events that say nothing in xAPI (a topic
   * status before the topic is finished).
   *
   * @throws IllegalArgumentException for an event type the mapper does not know
   */
  public List<Statement> map(SpecificRecord event, TenantProfile tenant, LearnerFacts facts) {
    if (event instanceof SessionStarted e) {
      return sessionStarted(e, tenant);
    } else if (event instanceof SessionResumed e) {
      return sessionResumed(e, tenant);
    } else if (event instanceof SessionSuspended e) {
      return List.of(sessionSuspended(e, tenant, facts));
    } else if (event instanceof SessionTerminated e) {
      return List.of(sessionTerminated(e, tenant, facts));
    } else if (event instanceof SessionAbandoned e) {
      return List.of(sessionAbandoned(e, tenant, facts));
    } else if (event instanceof ChallengeOpened e) {
      return List.of(challengeOpened(e, tenant));
    } else if (event instanceof StepReached e) {
      return List.of(stepReached(e, tenant));
    } else if (event instanceof HintRevealed e) {
      return List.of(hintRevealed(e, tenant));
    } else if (event instanceof AnswerSubmitted e) {
      return List.of(answerSubmitted(e, tenant, facts));
    } else if (event instanceof AnswerReviewed e) {
      return List.of(answerReviewed(e, tenant));
    } else if (event instanceof TopicStatus e) {
      return topicStatus(e, tenant, facts);
    }
    throw new IllegalArgumentException("no xAPI mapping for " + event.getSchema().getFullName());
  }

  /** A new registration: launched, then initialized (cmi5's session opening pair). */
  public List<Statement> sessionStarted(SessionStarted e, TenantProfile tenant) {
    Map<String, Object> ext = sessionExtensions(e.getMetadata());
    ext.put(Vocabulary.EXT_SCORM_VERSION, e.getScormVersion().name());
    return List.of(
        session(
            StatementKind.LAUNCHED,
            e.getMetadata(),
            tenant,
            e.getAssignmentId(),
            e.getTopicId(),
            Optional.empty(),
            ext),
        session(
            StatementKind.INITIALIZED,
            e.getMetadata(),
            tenant,
            e.getAssignmentId(),
            e.getTopicId(),
            Optional.empty(),
            ext));
  }

  /**
   * A resumed registration: launched, initialized (a new session) and resumed — from lms-sync's
   * launch only. The player's own {@code session.resumed} (through ingest) tells lms-sync that a
   * suspended session is live again; the launch that resumed the attempt already said so in xAPI,
   * so it maps to nothing (issue 11: it doubled the session's statements).
   */
  public List<Statement> sessionResumed(SessionResumed e, TenantProfile tenant) {
    if (!ProducerId.LMS_SYNC.is(e.getMetadata().getProducer())) {
      return List.of();
    }
    Map<String, Object> ext = sessionExtensions(e.getMetadata());
    ext.put(Vocabulary.EXT_SCORM_VERSION, e.getScormVersion().name());
    return List.of(
        session(
            StatementKind.LAUNCHED,
            e.getMetadata(),
            tenant,
            e.getAssignmentId(),
            e.getTopicId(),
            Optional.empty(),
            ext),
        session(
            StatementKind.INITIALIZED,
            e.getMetadata(),
            tenant,
            e.getAssignmentId(),
            e.getTopicId(),
            Optional.empty(),
            ext),
        session(
            StatementKind.RESUMED,
            e.getMetadata(),
            tenant,
            e.getAssignmentId(),
            e.getTopicId(),
            Optional.empty(),
            ext));
  }

  /** The learner left unfinished: suspended, with the session's duration when known. */
  public Statement sessionSuspended(SessionSuspended e, TenantProfile tenant, LearnerFacts facts) {
    return session(
        StatementKind.SUSPENDED,
        e.getMetadata(),
        tenant,
        e.getAssignmentId(),
        e.getTopicId(),
        durationResult(facts),
        sessionExtensions(e.getMetadata()));
  }

  /** The session ended: terminated, with the session's duration when known. */
  public Statement sessionTerminated(
      SessionTerminated e, TenantProfile tenant, LearnerFacts facts) {
    return session(
        StatementKind.TERMINATED,
        e.getMetadata(),
        tenant,
        e.getAssignmentId(),
        e.getTopicId(),
        durationResult(facts),
        sessionExtensions(e.getMetadata()));
  }

  /** The session timed out: abandoned, with the last heartbeat time. */
  public Statement sessionAbandoned(SessionAbandoned e, TenantProfile tenant, LearnerFacts facts) {
    Map<String, Object> resultExt = new HashMap<>();
    resultExt.put(Vocabulary.EXT_LAST_HEARTBEAT, StatementJson.timestamp(e.getLastHeartbeatAt()));
    Result result = Result.of(resultExt).withDuration(facts.duration().orElse(null));
    return session(
        StatementKind.ABANDONED,
        e.getMetadata(),
        tenant,
        e.getAssignmentId(),
        e.getTopicId(),
        Optional.of(result),
        sessionExtensions(e.getMetadata()));
  }

  /** A challenge was opened: attempted (or experienced, by configuration). */
  public Statement challengeOpened(ChallengeOpened e, TenantProfile tenant) {
    return challenge(
        StatementKind.CHALLENGE_OPENED,
        options.challengeOpenedVerb(),
        e.getMetadata(),
        tenant,
        e.getAssignmentId(),
        e.getTopicId(),
        e.getChallengeId(),
        Optional.empty());
  }

  /** A step of a challenge was reached: progressed, with the step index and whether it is last. */
  public Statement stepReached(StepReached e, TenantProfile tenant) {
    Map<String, Object> ext = new HashMap<>();
    ext.put(Vocabulary.EXT_STEP, e.getStep());
    ext.put(Vocabulary.EXT_LAST_STEP, e.getLast());
    return challenge(
        StatementKind.PROGRESSED,
        StatementKind.PROGRESSED.defaultVerb(),
        e.getMetadata(),
        tenant,
        e.getAssignmentId(),
        e.getTopicId(),
        e.getChallengeId(),
        Optional.of(extensionsOnly(ext)));
  }

  /** A hint was revealed: the hint activity, child of its challenge, was experienced. */
  public Statement hintRevealed(HintRevealed e, TenantProfile tenant) {
    EventMetadata m = e.getMetadata();
    Activity challenge = challengeActivity(e.getTopicId(), e.getChallengeId());
    Activity hint =
        new Activity(
            challenge.id() + "/hints/" + e.getHintIndex(),
            Vocabulary.TYPE_HINT,
            "Hint " + (e.getHintIndex() + 1) + " of challenge " + e.getChallengeId());
    Map<String, Object> ext = new HashMap<>();
    ext.put(Vocabulary.EXT_HINT_INDEX, e.getHintIndex());
    Context context =
        new Context(
            XapiUuids.registration(m.getRegistrationId()),
            List.of(challenge),
            List.of(topicActivity(e.getTopicId()), assignmentActivity(e.getAssignmentId())),
            options.platform(),
            sessionExtensions(m));
    return new Statement(
        NameBasedUuids.statementId(m.getEventId(), StatementKind.HINT_REVEALED),
        StatementKind.HINT_REVEALED,
        actor(m.getLearnerId(), tenant),
        StatementKind.HINT_REVEALED.defaultVerb(),
        hint,
        Optional.of(extensionsOnly(ext)),
        context,
        timestamp(m));
  }

  /**
   * An answer was submitted: answered, with success (absent while pending review), the answer id
   * and, when known, the attempt number and the hints used so far.
   */
  public Statement answerSubmitted(AnswerSubmitted e, TenantProfile tenant, LearnerFacts facts) {
    Map<String, Object> ext = new HashMap<>();
    ext.put(Vocabulary.EXT_ANSWER_ID, e.getAnswerId());
    facts.attempt().ifPresent(a -> ext.put(Vocabulary.EXT_ATTEMPT, a));
    facts.hintsUsed().ifPresent(h -> ext.put(Vocabulary.EXT_HINTS_USED, h));
    Boolean success = null; // pending review: not known yet
    if (e.getOutcome() == AnswerOutcome.PENDING_REVIEW) {
      ext.put(Vocabulary.EXT_PENDING_REVIEW, true);
    } else {
      success = e.getOutcome() == AnswerOutcome.CORRECT;
    }
    Result result = Result.of(ext).withSuccess(success);
    return challenge(
        StatementKind.ANSWERED,
        StatementKind.ANSWERED.defaultVerb(),
        e.getMetadata(),
        tenant,
        e.getAssignmentId(),
        e.getTopicId(),
        e.getChallengeId(),
        Optional.of(result));
  }

  /** A pending answer was judged: reviewed, with success and the answer id. */
  public Statement answerReviewed(AnswerReviewed e, TenantProfile tenant) {
    Map<String, Object> ext = new HashMap<>();
    ext.put(Vocabulary.EXT_ANSWER_ID, e.getAnswerId());
    Result result = Result.of(ext).withSuccess(e.getOutcome() == ReviewOutcome.CORRECT);
    return challenge(
        StatementKind.REVIEWED,
        StatementKind.REVIEWED.defaultVerb(),
        e.getMetadata(),
        tenant,
        e.getAssignmentId(),
        e.getTopicId(),
        e.getChallengeId(),
        Optional.of(result));
  }

  /**
   * A topic status: nothing before the topic is finished; then completed, and passed or failed once
   * the success status is known, each with the score (when a challenge is resolved), the hints and
   * incorrect attempts summed over the topic, and the duration when known.
   */
  public List<Statement> topicStatus(TopicStatus s, TenantProfile tenant, LearnerFacts facts) {
    if (!s.getFinished()) {
      return List.of();
    }
    UUID source =
        XapiUuids.of(
            "topic-status:"
                + s.getRegistrationId()
                + "/"
                + s.getTopicId()
                + "/"
                + s.getPolicyVersion());
    Score score =
        s.getRawScore() == null
            ? null
            : new Score(s.getRawScore() / 100.0, s.getRawScore(), 0, 100);
    int hints = 0;
    int incorrect = 0;
    for (ChallengeResult challenge : s.getChallenges()) {
      hints += challenge.getHints();
      incorrect += challenge.getIncorrectAttempts();
    }
    Map<String, Object> resultExt = new HashMap<>();
    resultExt.put(Vocabulary.EXT_HINTS_USED, hints);
    resultExt.put(Vocabulary.EXT_INCORRECT_ATTEMPTS, incorrect);
    Result topicResult =
        Result.of(resultExt).withScore(score).withDuration(facts.duration().orElse(null));
    Map<String, Object> contextExt = new HashMap<>();
    contextExt.put(Vocabulary.EXT_POLICY_VERSION, s.getPolicyVersion());
    Context context =
        new Context(
            XapiUuids.registration(s.getRegistrationId()),
            List.of(),
            List.of(assignmentActivity(s.getAssignmentId())),
            options.platform(),
            contextExt);
    Account actor = actor(s.getLearnerId(), tenant);
    Activity topic = topicActivity(s.getTopicId());
    List<Statement> statements = new ArrayList<>(2);
    statements.add(
        new Statement(
            NameBasedUuids.statementId(source, StatementKind.COMPLETED),
            StatementKind.COMPLETED,
            actor,
            Vocabulary.COMPLETED,
            topic,
            Optional.of(topicResult.withCompletion(true)),
            context,
            s.getUpdatedAt()));
    if (s.getSuccessStatus() != SuccessStatus.UNKNOWN) {
      boolean passed = s.getSuccessStatus() == SuccessStatus.PASSED;
      StatementKind kind = passed ? StatementKind.PASSED : StatementKind.FAILED;
      statements.add(
          new Statement(
              NameBasedUuids.statementId(source, kind),
              kind,
              actor,
              kind.defaultVerb(),
              topic,
              Optional.of(topicResult.withSuccess(passed)),
              context,
              s.getUpdatedAt()));
    }
    return List.copyOf(statements);
  }

  /** Activity of an assignment. */
  public Activity assignmentActivity(String assignmentId) {
    return new Activity(
        base + "/assignments/" + segment(assignmentId),
        Vocabulary.TYPE_ASSIGNMENT,
        "Assignment " + assignmentId);
  }

  /** Activity of a topic. */
  public Activity topicActivity(String topicId) {
    return new Activity(
        base + "/topics/" + segment(topicId), Vocabulary.TYPE_TOPIC, "Topic " + topicId);
  }

  /** Activity of a challenge of a topic. */
  public Activity challengeActivity(String topicId, String challengeId) {
    return new Activity(
        base + "/topics/" + segment(topicId) + "/challenges/" + segment(challengeId),
        Vocabulary.TYPE_CHALLENGE,
        "Challenge " + challengeId);
  }

  private Statement session(
      StatementKind kind,
      EventMetadata m,
      TenantProfile tenant,
      String assignmentId,
      String topicId,
      Optional<Result> result,
      Map<String, Object> contextExt) {
    Context context =
        new Context(
            XapiUuids.registration(m.getRegistrationId()),
            List.of(),
            List.of(assignmentActivity(assignmentId)),
            options.platform(),
            contextExt);
    return new Statement(
        NameBasedUuids.statementId(m.getEventId(), kind),
        kind,
        actor(m.getLearnerId(), tenant),
        kind.defaultVerb(),
        topicActivity(topicId),
        result,
        context,
        timestamp(m));
  }

  private Statement challenge(
      StatementKind kind,
      Verb verb,
      EventMetadata m,
      TenantProfile tenant,
      String assignmentId,
      String topicId,
      String challengeId,
      Optional<Result> result) {
    Context context =
        new Context(
            XapiUuids.registration(m.getRegistrationId()),
            List.of(topicActivity(topicId)),
            List.of(assignmentActivity(assignmentId)),
            options.platform(),
            sessionExtensions(m));
    return new Statement(
        NameBasedUuids.statementId(m.getEventId(), kind),
        kind,
        actor(m.getLearnerId(), tenant),
        verb,
        challengeActivity(topicId, challengeId),
        result,
        context,
        timestamp(m));
  }

  private static Optional<Result> durationResult(LearnerFacts facts) {
    return facts.duration().map(d -> Result.of(Map.of()).withDuration(d));
  }

  private static Result extensionsOnly(Map<String, Object> extensions) {
    return Result.of(extensions);
  }

  private static Map<String, Object> sessionExtensions(EventMetadata m) {
    Map<String, Object> ext = new HashMap<>();
    ext.put(Vocabulary.EXT_SESSION_ID, m.getSessionId().toString());
    return ext;
  }

  private static Account actor(String learnerId, TenantProfile tenant) {
    return new Account(tenant.homePage().toString(), tenant.accountName(learnerId));
  }

  private static Instant timestamp(EventMetadata m) {
    Instant occurred = m.getOccurredAt();
    Instant received = m.getReceivedAt();
    return occurred.isAfter(received) ? received : occurred;
  }

  private static EventMetadata metadata(SpecificRecord event) {
    EventMetadata m = metadataOrNull(event);
    if (m == null) {
      throw new IllegalArgumentException("no xAPI mapping for " + event.getSchema().getFullName());
    }
    return m;
  }

  private static EventMetadata metadataOrNull(SpecificRecord event) {
    if (event instanceof io.learnpulse.events.v1.Heartbeat) {
      return null;
    }
    var field = event.getSchema().getField("metadata");
    return field == null ? null : (EventMetadata) event.get(field.pos());
  }

  /** Percent-encodes an id into one IRI path segment (RFC 3986 unreserved characters stay). */
  static String segment(String id) {
    StringBuilder out = new StringBuilder(id.length());
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append(c);
      } else {
        out.append('%')
            .append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
      }
    }
    return out.toString();
  }
}

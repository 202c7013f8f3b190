package io.learnpulse.xapi.testing;

import io.learnpulse.events.v1.AnswerOutcome;
import io.learnpulse.events.v1.AnswerReviewed;
import io.learnpulse.events.v1.AnswerSubmitted;
import io.learnpulse.events.v1.ChallengeOpened;
import io.learnpulse.events.v1.ChallengeResult;
import io.learnpulse.events.v1.CompletionStatus;
import io.learnpulse.events.v1.EventMetadata;
import io.learnpulse.events.v1.HintRevealed;
import io.learnpulse.events.v1.LessonStatus;
import io.learnpulse.events.v1.ReviewOutcome;
import io.learnpulse.events.v1.ScormVersion;
import io.learnpulse.events.v1.SessionAbandoned;
import io.learnpulse.events.v1.SessionResumed;
import io.learnpulse.events.v1.SessionStarted;
import io.learnpulse.events.v1.SessionSuspended;
import io.learnpulse.events.v1.SessionTerminated;
import io.learnpulse.events.v1.StepReached;
import io.learnpulse.events.v1.SuccessStatus;
import io.learnpulse.events.v1.TopicStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/** Events of every kind for one learner's registration, with deterministic ids and times. */
public final class SampleEvents {

  /** Tenant of the samples. */
  public static final String TENANT = "acme";

  /** Learner of the samples. */
  public static final String LEARNER = "learner-42";

  /** Assignment of the samples. */
  public static final String ASSIGNMENT = "onboarding-2026";

  /** Topic of the samples. */
  public static final String TOPIC = "secure-coding";

  /** Challenge of the samples. */
  public static final String CHALLENGE = "sql-injection";

  /** First occurred-at of the samples. */
  public static final Instant START = Instant.parse("2026-03-02T09:00:00.120Z");

  private final String tenant;
  private final String learner;
  private final UUID registration;
  private final UUID session;
  private int counter;

  /** Samples for the default tenant, learner and registration. */
  public SampleEvents() {
    this(TENANT, LEARNER, UUID.fromString("0b6f4c1e-8a53-4d6e-9c1a-5e2f7d3b9a10"));
  }

  /** Samples for a tenant, learner and registration. */
  public SampleEvents(String tenant, String learner, UUID registration) {
    this.tenant = tenant;
    this.learner = learner;
    this.registration = registration;
    this.session = UUID.nameUUIDFromBytes(("session:" + registration).getBytes());
  }

  /** The registration. */
  public UUID registration() {
    return registration;
  }

  /** The session id. */
  public UUID session() {
    return session;
  }

  /** The next event's metadata: ids derived from the registration and a counter, +1 s each. */
  public EventMetadata metadata() {
    int n = counter++;
    Instant at = START.plus(Duration.ofSeconds(n));
    return EventMetadata.newBuilder()
        .setEventId(UUID.nameUUIDFromBytes((registration + ":" + n).getBytes()))
        .setOccurredAt(at)
        .setReceivedAt(at.plusMillis(40))
        .setTenantId(tenant)
        .setLearnerId(learner)
        .setRegistrationId(registration)
        .setSessionId(session)
        .setSequence(n)
        .setProducer("ingest-service")
        .build();
  }

  /** SessionStarted. */
  public SessionStarted started() {
    return SessionStarted.newBuilder()
        .setMetadata(metadata())
        .setAssignmentId(ASSIGNMENT)
        .setTopicId(TOPIC)
        .setScormVersion(ScormVersion.SCORM_2004_4TH)
        .build();
  }

  /** SessionResumed, as lms-sync publishes it at a resume launch. */
  public SessionResumed resumed() {
    EventMetadata metadata =
        EventMetadata.newBuilder(metadata()).setProducer("lms-sync-service").build();
    return SessionResumed.newBuilder()
        .setMetadata(metadata)
        .setAssignmentId(ASSIGNMENT)
        .setTopicId(TOPIC)
        .setScormVersion(ScormVersion.SCORM_2004_4TH)
        .build();
  }

  /** SessionResumed, as the player reports it through ingest ({@code session.resumed}). */
  public SessionResumed playerResumed() {
    return SessionResumed.newBuilder()
        .setMetadata(metadata())
        .setAssignmentId(ASSIGNMENT)
        .setTopicId(TOPIC)
        .setScormVersion(ScormVersion.SCORM_2004_4TH)
        .build();
  }

  /** ChallengeOpened. */
  public ChallengeOpened opened(String challenge) {
    return ChallengeOpened.newBuilder()
        .setMetadata(metadata())
        .setAssignmentId(ASSIGNMENT)
        .setTopicId(TOPIC)
        .setChallengeId(challenge)
        .build();
  }

  /** StepReached. */
  public StepReached step(String challenge, int step, boolean last) {
    return StepReached.newBuilder()
        .setMetadata(metadata())
        .setAssignmentId(ASSIGNMENT)
        .setTopicId(TOPIC)
        .setChallengeId(challenge)
        .setStep(step)
        .setLast(last)
        .build();
  }

  /** HintRevealed. */
  public HintRevealed hint(String challenge, int index) {
    return HintRevealed.newBuilder()
        .setMetadata(metadata())
        .setAssignmentId(ASSIGNMENT)
        .setTopicId(TOPIC)
        .setChallengeId(challenge)
        .setHintIndex(index)
        .build();
  }

  /** AnswerSubmitted. */
  public AnswerSubmitted answer(String challenge, String answerId, AnswerOutcome outcome) {
    return AnswerSubmitted.newBuilder()
        .setMetadata(metadata())
        .setAssignmentId(ASSIGNMENT)
        .setTopicId(TOPIC)
        .setChallengeId(challenge)
        .setAnswerId(answerId)
        .setOutcome(outcome)
        .build();
  }

  /** AnswerReviewed. */
  public AnswerReviewed review(String challenge, String answerId, ReviewOutcome outcome) {
    return AnswerReviewed.newBuilder()
        .setMetadata(metadata())
        .setAssignmentId(ASSIGNMENT)
        .setTopicId(TOPIC)
        .setChallengeId(challenge)
        .setAnswerId(answerId)
        .setOutcome(outcome)
        .build();
  }

  /** SessionSuspended. */
  public SessionSuspended suspended() {
    return SessionSuspended.newBuilder()
        .setMetadata(metadata())
        .setAssignmentId(ASSIGNMENT)
        .setTopicId(TOPIC)
        .build();
  }

  /** SessionTerminated. */
  public SessionTerminated terminated() {
    return SessionTerminated.newBuilder()
        .setMetadata(metadata())
        .setAssignmentId(ASSIGNMENT)
        .setTopicId(TOPIC)
        .build();
  }

  /** SessionAbandoned. */
  public SessionAbandoned abandoned() {
    EventMetadata m = metadata();
    return SessionAbandoned.newBuilder()
        .setMetadata(m)
        .setAssignmentId(ASSIGNMENT)
        .setTopicId(TOPIC)
        .setLastHeartbeatAt(m.getOccurredAt().minusSeconds(120))
        .build();
  }

  /** A finished topic status: passed with 87.5, or failed with 60. */
  public TopicStatus topicStatus(boolean passed) {
    double raw = passed ? 87.5 : 60.0;
    return TopicStatus.newBuilder()
        .setTenantId(tenant)
        .setLearnerId(learner)
        .setRegistrationId(registration)
        .setAssignmentId(ASSIGNMENT)
        .setTopicId(TOPIC)
        .setPolicyVersion(3)
        .setFinished(true)
        .setPassed(passed)
        .setCompletionStatus(CompletionStatus.COMPLETED)
        .setSuccessStatus(passed ? SuccessStatus.PASSED : SuccessStatus.FAILED)
        .setLessonStatus(passed ? LessonStatus.PASSED : LessonStatus.COMPLETED)
        .setRawScore(raw)
        .setScaledScore(raw / 100)
        .setChallenges(
            List.of(
                ChallengeResult.newBuilder()
                    .setChallengeId(CHALLENGE)
                    .setOpened(true)
                    .setHints(1)
                    .setIncorrectAttempts(1)
                    .setResolved(true)
                    .setReviewed(true)
                    .setScore(passed ? 75 : 60)
                    .build(),
                ChallengeResult.newBuilder()
                    .setChallengeId("xss")
                    .setOpened(true)
                    .setResolved(true)
                    .setReviewed(true)
                    .setCorrectOnFirstTry(true)
                    .setScore(passed ? 100 : 60)
                    .build()))
        .setUpdatedAt(START.plus(Duration.ofMinutes(14)))
        .build();
  }

  /** An unfinished topic status. */
  public TopicStatus unfinishedStatus() {
    TopicStatus status = topicStatus(true);
    status.put("finished", false);
    status.put("passed", false);
    status.put("completionStatus", CompletionStatus.INCOMPLETE);
    status.put("successStatus", SuccessStatus.UNKNOWN);
    status.put("lessonStatus", LessonStatus.INCOMPLETE);
    return status;
  }

  /** One event of every kind, in a plausible order (every statement kind appears). */
  public List<SpecificRecord> everyKind() {
    return List.of(
        started(),
        opened(CHALLENGE),
        step(CHALLENGE, 0, false),
        hint(CHALLENGE, 0),
        answer(CHALLENGE, "a-1", AnswerOutcome.INCORRECT),
        answer(CHALLENGE, "a-2", AnswerOutcome.PENDING_REVIEW),
        review(CHALLENGE, "a-2", ReviewOutcome.CORRECT),
        step(CHALLENGE, 3, true),
        suspended(),
        resumed(),
        abandoned(),
        resumed(),
        terminated(),
        topicStatus(true),
        topicStatus(false));
  }
}

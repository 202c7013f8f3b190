package io.learnpulse.scoring.topology;

import io.learnpulse.events.v1.AnswerOutcome;
import io.learnpulse.events.v1.AnswerReviewed;
import io.learnpulse.events.v1.AnswerSubmitted;
import io.learnpulse.events.v1.ChallengeOpened;
import io.learnpulse.events.v1.EventMetadata;
import io.learnpulse.events.v1.HintRevealed;
import io.learnpulse.events.v1.ReviewOutcome;
import io.learnpulse.events.v1.ScormVersion;
import io.learnpulse.events.v1.SessionStarted;
import io.learnpulse.events.v1.StepReached;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;

/** Writes one learner's activity records as the contracts define them, one second apart. */
public final class Activity {

  public static final String TENANT = "tenant-acme";
  public static final String LEARNER = "learner-7";
  public static final String ASSIGNMENT = "assignment-onboarding";
  public static final String TOPIC = "topic-security";
  public static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

  private final UUID registration;
  private final UUID session = UUID.randomUUID();
  private final List<SpecificRecord> records = new ArrayList<>();
  private long sequence;
  private int answers;

  public Activity(UUID registration) {
    this.registration = registration;
  }

  public String key() {
    return registration.toString();
  }

  public UUID registration() {
    return registration;
  }

  public Activity started() {
    records.add(
        SessionStarted.newBuilder()
            .setMetadata(metadata())
            .setAssignmentId(ASSIGNMENT)
            .setTopicId(TOPIC)
            .setScormVersion(ScormVersion.SCORM_2004_4TH)
            .build());
    return this;
  }

  public Activity opened(String challenge) {
    records.add(
        ChallengeOpened.newBuilder()
            .setMetadata(metadata())
            .setAssignmentId(ASSIGNMENT)
            .setTopicId(TOPIC)
            .setChallengeId(challenge)
            .build());
    return this;
  }

  public Activity step(String challenge, int step, boolean last) {
    records.add(
        StepReached.newBuilder()
            .setMetadata(metadata())
            .setAssignmentId(ASSIGNMENT)
            .setTopicId(TOPIC)
            .setChallengeId(challenge)
            .setStep(step)
            .setLast(last)
            .build());
    return this;
  }

  public Activity hint(String challenge, int index) {
    records.add(
        HintRevealed.newBuilder()
            .setMetadata(metadata())
            .setAssignmentId(ASSIGNMENT)
            .setTopicId(TOPIC)
            .setChallengeId(challenge)
            .setHintIndex(index)
            .build());
    return this;
  }

  public Activity answer(String challenge, AnswerOutcome outcome) {
    return answer(challenge, "answer-" + ++answers, outcome);
  }

  public Activity answer(String challenge, String answerId, AnswerOutcome outcome) {
    records.add(
        AnswerSubmitted.newBuilder()
            .setMetadata(metadata())
            .setAssignmentId(ASSIGNMENT)
            .setTopicId(TOPIC)
            .setChallengeId(challenge)
            .setAnswerId(answerId)
            .setOutcome(outcome)
            .build());
    return this;
  }

  public Activity reviewed(String challenge, String answerId, ReviewOutcome outcome) {
    records.add(
        AnswerReviewed.newBuilder()
            .setMetadata(metadata())
            .setAssignmentId(ASSIGNMENT)
            .setTopicId(TOPIC)
            .setChallengeId(challenge)
            .setAnswerId(answerId)
            .setOutcome(outcome)
            .build());
    return this;
  }

  /** Opens, reveals {@code hints} hints, answers {@code incorrect} times wrong, then right. */
  public Activity solve(String challenge, int hints, int incorrect) {
    opened(challenge);
    for (int i = 0; i < hints; i++) {
      hint(challenge, i);
    }
    for (int i = 0; i < incorrect; i++) {
      answer(challenge, AnswerOutcome.INCORRECT);
    }
    return answer(challenge, AnswerOutcome.CORRECT);
  }

  /** docs/design.md#worked-examples, a: one hint, one incorrect answer, then correct (75). */
  public Activity workedExampleA() {
    return opened("a")
        .hint("a", 0)
        .answer("a", AnswerOutcome.INCORRECT)
        .answer("a", AnswerOutcome.CORRECT);
  }

  public List<SpecificRecord> records() {
    return List.copyOf(records);
  }

  private EventMetadata metadata() {
    sequence++;
    Instant at = START.plusSeconds(sequence);
    return EventMetadata.newBuilder()
        .setEventId(UUID.randomUUID())
        .setOccurredAt(at)
        .setReceivedAt(at.plusMillis(40))
        .setTenantId(TENANT)
        .setLearnerId(LEARNER)
        .setRegistrationId(registration)
        .setSessionId(session)
        .setSequence(sequence)
        .setProducer("ingest-service")
        .build();
  }
}

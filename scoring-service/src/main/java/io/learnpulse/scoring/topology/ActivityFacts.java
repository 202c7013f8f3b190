package io.learnpulse.scoring.topology;

import io.learnpulse.events.v1.EventMetadata;
import io.learnpulse.schemas.wire.EventLimits;
import io.learnpulse.scoring.domain.ChallengeEvent;
import io.learnpulse.scoring.domain.ChallengeEvent.ChallengeRef;
import io.learnpulse.scoring.domain.ChallengeEvent.ReviewOutcome;
import io.learnpulse.scoring.domain.ChallengeEvent.SubmissionOutcome;
import io.learnpulse.scoring.domain.Learner;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * What scoring takes from one activity record: the challenge event (if it is one) and who the
 * registration belongs to. Session lifecycle events only tell the learner. Every value scoring
 * keeps is checked against {@link EventLimits} again (ingest-service enforces them, but a record
 * may come from elsewhere): a record breaking one is refused as invalid and dead-lettered at once.
 *
 * @param event the challenge event, empty for session events
 * @param learner learner facts of the record's metadata
 */
record ActivityFacts(Optional<ChallengeEvent> event, Learner learner) {

  /**
   * Reads an activity value of registration {@code key}.
   *
   * @throws RejectedRecordException when the value is not an activity record, names another
   *     registration than its key, or breaks an {@link EventLimits} range (the message names the
   *     field)
   */
  static ActivityFacts of(String key, SpecificRecord value) {
    if (value instanceof io.learnpulse.events.v1.ChallengeOpened v) {
      EventMetadata m = checked(key, v.getMetadata());
      return challenge(
          m,
          new ChallengeEvent.Opened(
              m.getEventId(),
              m.getOccurredAt(),
              m.getSequence(),
              ref(v.getAssignmentId(), v.getTopicId(), v.getChallengeId())));
    }
    if (value instanceof io.learnpulse.events.v1.StepReached v) {
      EventMetadata m = checked(key, v.getMetadata());
      return challenge(
          m,
          new ChallengeEvent.StepReached(
              m.getEventId(),
              m.getOccurredAt(),
              m.getSequence(),
              ref(v.getAssignmentId(), v.getTopicId(), v.getChallengeId()),
              index("step", v.getStep()),
              v.getLast()));
    }
    if (value instanceof io.learnpulse.events.v1.HintRevealed v) {
      EventMetadata m = checked(key, v.getMetadata());
      return challenge(
          m,
          new ChallengeEvent.HintRevealed(
              m.getEventId(),
              m.getOccurredAt(),
              m.getSequence(),
              ref(v.getAssignmentId(), v.getTopicId(), v.getChallengeId()),
              index("hintIndex", v.getHintIndex())));
    }
    if (value instanceof io.learnpulse.events.v1.AnswerSubmitted v) {
      EventMetadata m = checked(key, v.getMetadata());
      return challenge(
          m,
          new ChallengeEvent.AnswerSubmitted(
              m.getEventId(),
              m.getOccurredAt(),
              m.getSequence(),
              ref(v.getAssignmentId(), v.getTopicId(), v.getChallengeId()),
              id("answerId", v.getAnswerId()),
              SubmissionOutcome.valueOf(v.getOutcome().name())));
    }
    if (value instanceof io.learnpulse.events.v1.AnswerReviewed v) {
      EventMetadata m = checked(key, v.getMetadata());
      return challenge(
          m,
          new ChallengeEvent.AnswerReviewed(
              m.getEventId(),
              m.getOccurredAt(),
              m.getSequence(),
              ref(v.getAssignmentId(), v.getTopicId(), v.getChallengeId()),
              id("answerId", v.getAnswerId()),
              ReviewOutcome.valueOf(v.getOutcome().name())));
    }
    if (value instanceof io.learnpulse.events.v1.SessionStarted v) {
      return session(key, v.getMetadata());
    }
    if (value instanceof io.learnpulse.events.v1.SessionResumed v) {
      return session(key, v.getMetadata());
    }
    if (value instanceof io.learnpulse.events.v1.SessionSuspended v) {
      return session(key, v.getMetadata());
    }
    if (value instanceof io.learnpulse.events.v1.SessionTerminated v) {
      return session(key, v.getMetadata());
    }
    if (value instanceof io.learnpulse.events.v1.SessionAbandoned v) {
      return session(key, v.getMetadata());
    }
    throw new RejectedRecordException("not an activity record: " + value.getSchema().getFullName());
  }

  private static ActivityFacts challenge(EventMetadata m, ChallengeEvent event) {
    return new ActivityFacts(Optional.of(event), learner(m));
  }

  private static ActivityFacts session(String key, EventMetadata metadata) {
    return new ActivityFacts(Optional.empty(), learner(checked(key, metadata)));
  }

  private static EventMetadata checked(String key, EventMetadata metadata) {
    if (!metadata.getRegistrationId().toString().equals(key)) {
      throw new RejectedRecordException(
          "key '"
              + key
              + "' is not the registration id of the event ("
              + metadata.getRegistrationId()
              + ")");
    }
    id("metadata.tenantId", metadata.getTenantId());
    id("metadata.learnerId", metadata.getLearnerId());
    if (!EventLimits.sequenceInRange(metadata.getSequence())) {
      throw new RejectedRecordException(
          "metadata.sequence "
              + metadata.getSequence()
              + " is outside 0.."
              + EventLimits.MAX_SEQUENCE);
    }
    return metadata;
  }

  private static String id(String field, String value) {
    EventLimits.idProblem(value)
        .ifPresent(
            problem -> {
              throw new RejectedRecordException(field + " " + problem);
            });
    return value;
  }

  private static int index(String field, int value) {
    if (!EventLimits.indexInRange(value)) {
      throw new RejectedRecordException(
          field + " " + value + " is outside 0.." + EventLimits.MAX_INDEX);
    }
    return value;
  }

  private static Learner learner(EventMetadata m) {
    return new Learner(
        m.getTenantId(), m.getLearnerId(), m.getOccurredAt(), m.getSequence(), m.getEventId());
  }

  private static ChallengeRef ref(String assignmentId, String topicId, String challengeId) {
    return new ChallengeRef(
        id("assignmentId", assignmentId), id("topicId", topicId), id("challengeId", challengeId));
  }
}

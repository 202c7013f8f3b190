package io.learnpulse.ingest.domain;

import io.learnpulse.events.v1.AnswerReviewed;
import io.learnpulse.events.v1.AnswerSubmitted;
import io.learnpulse.events.v1.Bookmark;
import io.learnpulse.events.v1.ChallengeOpened;
import io.learnpulse.events.v1.EventMetadata;
import io.learnpulse.events.v1.Heartbeat;
import io.learnpulse.events.v1.HintRevealed;
import io.learnpulse.events.v1.SessionResumed;
import io.learnpulse.events.v1.SessionSuspended;
import io.learnpulse.events.v1.SessionTerminated;
import io.learnpulse.events.v1.StepReached;
import io.learnpulse.schemas.topics.Topics;
import io.learnpulse.schemas.wire.CloudEventHeaders;
import io.learnpulse.schemas.wire.ProducerId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Maps validated player facts to the Avro contracts: challenge and session events go to {@link
 * Topics#ACTIVITY}, heartbeats to {@link Topics#HEARTBEAT}, all keyed by the registration id so a
 * learner's attempt stays in order on one partition. The event id is the client's id, the sequence
 * the client's {@code seq}; who and which attempt come from the token.
 */
public final class AvroEvents {

  /** {@code producer} of the metadata and {@code ce_source} of the headers. */
  public static final ProducerId PRODUCER = ProducerId.INGEST;

  /** {@code ce_type} of each record class, built once rather than per event. */
  private static final ClassValue<String> TYPES =
      new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
          return CloudEventHeaders.typeOf(SpecificData.get().getSchema(type));
        }
      };

  private AvroEvents() {}

  /** The record for a player event received at {@code receivedAt}. */
  public static OutboundRecord of(PlayerEvent event, SessionContext session, Instant receivedAt) {
    EventMetadata metadata = metadata(event.header(), session, receivedAt);
    String assignment = session.assignmentId();
    String topic = session.topicId();
    SpecificRecord value;
    // Constructors, not builders: a builder copies the schema's field array and checks every field
    // on build, per event; every value here is validated and non-null already.
    if (event instanceof PlayerEvent.ChallengeOpened e) {
      value = new ChallengeOpened(metadata, assignment, topic, e.challengeId());
    } else if (event instanceof PlayerEvent.StepReached e) {
      value = new StepReached(metadata, assignment, topic, e.challengeId(), e.step(), e.last());
    } else if (event instanceof PlayerEvent.HintRevealed e) {
      value = new HintRevealed(metadata, assignment, topic, e.challengeId(), e.hintIndex());
    } else if (event instanceof PlayerEvent.AnswerSubmitted e) {
      value =
          new AnswerSubmitted(
              metadata, assignment, topic, e.challengeId(), e.answerId(), e.outcome());
    } else if (event instanceof PlayerEvent.AnswerReviewed e) {
      value =
          new AnswerReviewed(
              metadata, assignment, topic, e.challengeId(), e.answerId(), e.outcome());
    } else if (event instanceof PlayerEvent.SessionSuspended) {
      value = new SessionSuspended(metadata, assignment, topic);
    } else if (event instanceof PlayerEvent.SessionResumed) {
      // The builder fills the schema's default attempt.
      value =
          SessionResumed.newBuilder()
              .setMetadata(metadata)
              .setAssignmentId(assignment)
              .setTopicId(topic)
              .setScormVersion(session.scormVersion())
              .build();
    } else if (event instanceof PlayerEvent.SessionTerminated) {
      value = new SessionTerminated(metadata, assignment, topic);
    } else {
      throw new IllegalArgumentException("unknown event " + event);
    }
    return record(Topics.ACTIVITY.name(), metadata, value);
  }

  /** The record for a heartbeat received at {@code receivedAt}. */
  public static OutboundRecord of(
      HeartbeatReport heartbeat, SessionContext session, Instant receivedAt) {
    EventMetadata metadata = metadata(heartbeat.header(), session, receivedAt);
    HeartbeatReport.Position position = heartbeat.bookmark();
    Heartbeat value =
        Heartbeat.newBuilder()
            .setMetadata(metadata)
            .setAssignmentId(session.assignmentId())
            .setActiveMillis(heartbeat.activeMillis())
            .setBookmark(
                Bookmark.newBuilder()
                    .setTopicId(session.topicId())
                    .setChallengeId(position.challengeId())
                    .setStep(position.step())
                    .setRevealedHints(position.revealedHints())
                    .setPendingAnswerId(position.pendingAnswerId())
                    .build())
            .build();
    return record(Topics.HEARTBEAT.name(), metadata, value);
  }

  private static EventMetadata metadata(
      EventHeader header, SessionContext session, Instant receivedAt) {
    return new EventMetadata(
        header.id(),
        header.occurredAt(),
        receivedAt.truncatedTo(ChronoUnit.MILLIS),
        session.tenantId(),
        session.learnerId(),
        session.registrationId(),
        session.sessionId(),
        header.seq(),
        PRODUCER.id());
  }

  private static OutboundRecord record(String topic, EventMetadata metadata, SpecificRecord value) {
    CloudEventHeaders cloudEvent =
        new CloudEventHeaders(
            metadata.getEventId(),
            TYPES.get(value.getClass()),
            PRODUCER.id(),
            metadata.getOccurredAt());
    return new OutboundRecord(
        metadata.getEventId(), topic, metadata.getRegistrationId().toString(), value, cloudEvent);
  }
}

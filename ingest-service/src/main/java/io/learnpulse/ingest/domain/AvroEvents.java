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
import java.util.Map;
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

  private AvroEvents() {}

  /** The record for a player event received at {@code receivedAt}. */
  public static OutboundRecord of(PlayerEvent event, SessionContext session, Instant receivedAt) {
    EventMetadata metadata = metadata(event.header(), session, receivedAt);
    String assignment = session.assignmentId();
    String topic = session.topicId();
    SpecificRecord value;
    if (event instanceof PlayerEvent.ChallengeOpened e) {
      value =
          ChallengeOpened.newBuilder()
              .setMetadata(metadata)
              .setAssignmentId(assignment)
              .setTopicId(topic)
              .setChallengeId(e.challengeId())
              .build();
    } else if (event instanceof PlayerEvent.StepReached e) {
      value =
          StepReached.newBuilder()
              .setMetadata(metadata)
              .setAssignmentId(assignment)
              .setTopicId(topic)
              .setChallengeId(e.challengeId())
              .setStep(e.step())
              .setLast(e.last())
              .build();
    } else if (event instanceof PlayerEvent.HintRevealed e) {
      value =
          HintRevealed.newBuilder()
              .setMetadata(metadata)
              .setAssignmentId(assignment)
              .setTopicId(topic)
              .setChallengeId(e.challengeId())
              .setHintIndex(e.hintIndex())
              .build();
    } else if (event instanceof PlayerEvent.AnswerSubmitted e) {
      value =
          AnswerSubmitted.newBuilder()
              .setMetadata(metadata)
              .setAssignmentId(assignment)
              .setTopicId(topic)
              .setChallengeId(e.challengeId())
              .setAnswerId(e.answerId())
              .setOutcome(e.outcome())
              .build();
    } else if (event instanceof PlayerEvent.AnswerReviewed e) {
      value =
          AnswerReviewed.newBuilder()
              .setMetadata(metadata)
              .setAssignmentId(assignment)
              .setTopicId(topic)
              .setChallengeId(e.challengeId())
              .setAnswerId(e.answerId())
              .setOutcome(e.outcome())
              .build();
    } else if (event instanceof PlayerEvent.SessionSuspended e) {
      value =
          SessionSuspended.newBuilder()
              .setMetadata(metadata)
              .setAssignmentId(assignment)
              .setTopicId(topic)
              .build();
    } else if (event instanceof PlayerEvent.SessionResumed e) {
      value =
          SessionResumed.newBuilder()
              .setMetadata(metadata)
              .setAssignmentId(assignment)
              .setTopicId(topic)
              .setScormVersion(session.scormVersion())
              .build();
    } else if (event instanceof PlayerEvent.SessionTerminated e) {
      value =
          SessionTerminated.newBuilder()
              .setMetadata(metadata)
              .setAssignmentId(assignment)
              .setTopicId(topic)
              .build();
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
    return EventMetadata.newBuilder()
        .setEventId(header.id())
        .setOccurredAt(header.occurredAt())
        .setReceivedAt(receivedAt.truncatedTo(ChronoUnit.MILLIS))
        .setTenantId(session.tenantId())
        .setLearnerId(session.learnerId())
        .setRegistrationId(session.registrationId())
        .setSessionId(session.sessionId())
        .setSequence(header.seq())
        .setProducer(PRODUCER.id())
        .build();
  }

  private static OutboundRecord record(String topic, EventMetadata metadata, SpecificRecord value) {
    Map<String, String> headers =
        CloudEventHeaders.of(value, metadata.getEventId(), PRODUCER, metadata.getOccurredAt())
            .asMap();
    return new OutboundRecord(
        metadata.getEventId(), topic, metadata.getRegistrationId().toString(), value, headers);
  }
}

package io.learnpulse.ingest.domain;

import static io.learnpulse.ingest.domain.Sessions.SESSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.learnpulse.events.v1.AnswerOutcome;
import io.learnpulse.events.v1.AnswerReviewed;
import io.learnpulse.events.v1.AnswerSubmitted;
import io.learnpulse.events.v1.ChallengeOpened;
import io.learnpulse.events.v1.EventMetadata;
import io.learnpulse.events.v1.Heartbeat;
import io.learnpulse.events.v1.HintRevealed;
import io.learnpulse.events.v1.ReviewOutcome;
import io.learnpulse.events.v1.ScormVersion;
import io.learnpulse.events.v1.SessionResumed;
import io.learnpulse.events.v1.SessionSuspended;
import io.learnpulse.events.v1.SessionTerminated;
import io.learnpulse.events.v1.StepReached;
import io.learnpulse.schemas.topics.Topics;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class AvroEventsTest {

  private static final Instant OCCURRED = Instant.parse("2025-03-01T09:59:59.123Z");
  private static final Instant RECEIVED = Instant.parse("2025-03-01T10:00:00.456789Z");
  private static final UUID ID = UUID.fromString("0b7e7c1a-8d39-4b4e-9f0e-1f2a3b4c5d01");
  private static final EventHeader HEADER = new EventHeader(ID, 42, OCCURRED);

  @Test
  void stampsMetadataFromTheTokenAndTheClientAndKeysByRegistration() {
    OutboundRecord record =
        AvroEvents.of(new PlayerEvent.ChallengeOpened(HEADER, "c-1"), SESSION, RECEIVED);

    assertThat(record.topic()).isEqualTo(Topics.ACTIVITY.name());
    assertThat(record.key()).isEqualTo(SESSION.registrationId().toString());
    assertThat(record.eventId()).isEqualTo(ID);
    ChallengeOpened value = (ChallengeOpened) record.value();
    assertThat(value.getMetadata())
        .isEqualTo(
            EventMetadata.newBuilder()
                .setEventId(ID)
                .setOccurredAt(OCCURRED)
                .setReceivedAt(Instant.parse("2025-03-01T10:00:00.456Z"))
                .setTenantId("tenant-a")
                .setLearnerId("learner-7")
                .setRegistrationId(SESSION.registrationId())
                .setSessionId(SESSION.sessionId())
                .setSequence(42)
                .setProducer("ingest-service")
                .build());
    assertThat(value.getAssignmentId()).isEqualTo("assignment-3");
    assertThat(value.getTopicId()).isEqualTo("topic-kafka");
    assertThat(value.getChallengeId()).isEqualTo("c-1");
  }

  @Test
  void addsCloudEventsHeaders() {
    OutboundRecord record =
        AvroEvents.of(new PlayerEvent.HintRevealed(HEADER, "c-1", 2), SESSION, RECEIVED);

    assertThat(record.headers())
        .containsExactly(
            entry("ce_id", ID.toString()),
            entry("ce_type", "io.learnpulse.HintRevealed"),
            entry("ce_source", "ingest-service"),
            entry("ce_time", "2025-03-01T09:59:59.123Z"),
            entry("ce_specversion", "1.0"));
  }

  @Test
  void mapsEveryPlayerEventTypeToItsActivityRecord() {
    List<SpecificRecord> values =
        List.of(
                new PlayerEvent.StepReached(HEADER, "c", 3, true),
                new PlayerEvent.HintRevealed(HEADER, "c", 1),
                new PlayerEvent.AnswerSubmitted(HEADER, "c", "a", AnswerOutcome.PENDING_REVIEW),
                new PlayerEvent.AnswerReviewed(HEADER, "c", "a", ReviewOutcome.CORRECT),
                new PlayerEvent.SessionSuspended(HEADER),
                new PlayerEvent.SessionResumed(HEADER),
                new PlayerEvent.SessionTerminated(HEADER))
            .stream()
            .map(e -> AvroEvents.of(e, SESSION, RECEIVED))
            .peek(r -> assertThat(r.topic()).isEqualTo(Topics.ACTIVITY.name()))
            .map(OutboundRecord::value)
            .toList();

    assertThat(values.get(0))
        .isInstanceOfSatisfying(
            StepReached.class,
            v -> {
              assertThat(v.getStep()).isEqualTo(3);
              assertThat(v.getLast()).isTrue();
            });
    assertThat(values.get(1))
        .isInstanceOfSatisfying(HintRevealed.class, v -> assertThat(v.getHintIndex()).isOne());
    assertThat(values.get(2))
        .isInstanceOfSatisfying(
            AnswerSubmitted.class,
            v -> {
              assertThat(v.getAnswerId()).isEqualTo("a");
              assertThat(v.getOutcome()).isEqualTo(AnswerOutcome.PENDING_REVIEW);
            });
    assertThat(values.get(3))
        .isInstanceOfSatisfying(
            AnswerReviewed.class, v -> assertThat(v.getOutcome()).isEqualTo(ReviewOutcome.CORRECT));
    assertThat(values.get(4)).isInstanceOf(SessionSuspended.class);
    assertThat(values.get(5))
        .isInstanceOfSatisfying(
            SessionResumed.class,
            v -> assertThat(v.getScormVersion()).isEqualTo(ScormVersion.SCORM_2004_4TH));
    assertThat(values.get(6)).isInstanceOf(SessionTerminated.class);
    assertThat(values)
        .allSatisfy(v -> assertThat(Topics.ACTIVITY.valueTypes()).contains(v.getClass()));
  }

  @Test
  void heartbeatsGoToTheHeartbeatTopicWithTheTokensTopicInTheBookmark() {
    OutboundRecord record =
        AvroEvents.of(
            new HeartbeatReport(
                HEADER, 30_000, new HeartbeatReport.Position("c-2", 1, List.of(0), null)),
            SESSION,
            RECEIVED);

    assertThat(record.topic()).isEqualTo(Topics.HEARTBEAT.name());
    assertThat(record.key()).isEqualTo(SESSION.registrationId().toString());
    assertThat(record.headers()).containsEntry("ce_type", "io.learnpulse.Heartbeat");
    Heartbeat value = (Heartbeat) record.value();
    assertThat(value.getActiveMillis()).isEqualTo(30_000);
    assertThat(value.getAssignmentId()).isEqualTo("assignment-3");
    assertThat(value.getBookmark().getTopicId()).isEqualTo("topic-kafka");
    assertThat(value.getBookmark().getChallengeId()).isEqualTo("c-2");
    assertThat(value.getBookmark().getStep()).isEqualTo(1);
    assertThat(value.getBookmark().getRevealedHints()).containsExactly(0);
    assertThat(value.getBookmark().getPendingAnswerId()).isNull();
  }
}

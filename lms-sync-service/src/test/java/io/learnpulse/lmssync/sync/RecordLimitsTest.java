package io.learnpulse.lmssync.sync;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.learnpulse.events.v1.Bookmark;
import io.learnpulse.events.v1.EventMetadata;
import io.learnpulse.events.v1.Heartbeat;
import io.learnpulse.lmssync.kafka.PoisonRecordException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RecordLimitsTest {

  @Test
  void acceptsAnOrdinaryHeartbeat() {
    assertThatCode(() -> RecordLimits.check(heartbeat(b -> {}))).doesNotThrowAnyException();
  }

  @Test
  void refusesActiveTimeNearTwoToTheSixtyThird() {
    assertThatThrownBy(
            () -> RecordLimits.check(heartbeat(h -> h.setActiveMillis(Long.MAX_VALUE - 7))))
        .isInstanceOf(PoisonRecordException.class)
        .hasMessageStartingWith("activeMillis");
    assertThatThrownBy(() -> RecordLimits.check(heartbeat(h -> h.setActiveMillis(-1))))
        .isInstanceOf(PoisonRecordException.class);
  }

  @Test
  void refusesControlCharactersInIdsAndOutOfRangeIndexes() {
    assertThatThrownBy(
            () ->
                RecordLimits.check(
                    heartbeat(
                        h ->
                            h.setMetadata(
                                EventMetadata.newBuilder(h.getMetadata())
                                    .setLearnerId("learner\u0000-42")
                                    .build()))))
        .isInstanceOf(PoisonRecordException.class)
        .hasMessageStartingWith("metadata.learnerId");
    assertThatThrownBy(
            () ->
                RecordLimits.check(
                    heartbeat(
                        h ->
                            h.setBookmark(
                                Bookmark.newBuilder(h.getBookmark()).setStep(1_000_001).build()))))
        .hasMessageStartingWith("bookmark.step");
    assertThatThrownBy(
            () ->
                RecordLimits.check(
                    heartbeat(
                        h ->
                            h.setBookmark(
                                Bookmark.newBuilder(h.getBookmark())
                                    .setRevealedHints(List.of(-3))
                                    .build()))))
        .hasMessageStartingWith("bookmark.revealedHints");
    assertThatThrownBy(
            () ->
                RecordLimits.check(
                    heartbeat(
                        h ->
                            h.setMetadata(
                                EventMetadata.newBuilder(h.getMetadata())
                                    .setSequence(-1)
                                    .build()))))
        .hasMessageStartingWith("metadata.sequence");
  }

  private static Heartbeat heartbeat(Consumer<Heartbeat.Builder> change) {
    Heartbeat.Builder heartbeat =
        Heartbeat.newBuilder()
            .setMetadata(
                EventMetadata.newBuilder()
                    .setEventId(UUID.randomUUID())
                    .setOccurredAt(Instant.EPOCH)
                    .setReceivedAt(Instant.EPOCH)
                    .setTenantId("acme")
                    .setLearnerId("learner-42")
                    .setRegistrationId(UUID.randomUUID())
                    .setSessionId(UUID.randomUUID())
                    .setSequence(3)
                    .setProducer("ingest-service")
                    .build())
            .setAssignmentId("a")
            .setActiveMillis(30_000)
            .setBookmark(
                Bookmark.newBuilder()
                    .setTopicId("t")
                    .setChallengeId("b")
                    .setStep(1)
                    .setRevealedHints(List.of(0, 1))
                    .build());
    change.accept(heartbeat);
    return heartbeat.build();
  }
}

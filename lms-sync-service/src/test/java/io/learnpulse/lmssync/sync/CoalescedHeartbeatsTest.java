package io.learnpulse.lmssync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.events.v1.Bookmark;
import io.learnpulse.events.v1.EventMetadata;
import io.learnpulse.events.v1.Heartbeat;
import io.learnpulse.lmssync.sync.CoalescedHeartbeats.SessionChange;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CoalescedHeartbeatsTest {

  private static final Instant T0 = Instant.parse("2026-12-02T09:00:00Z");
  private static final UUID REGISTRATION = UUID.randomUUID();
  private static final UUID SESSION = UUID.randomUUID();

  @Test
  void sumsActiveTimeAndKeepsTheLatestTimesOfASession() {
    List<SessionChange> changes =
        CoalescedHeartbeats.coalesce(
            List.of(
                heartbeat(SESSION, T0, T0.plusSeconds(5), 30_000, "a"),
                heartbeat(SESSION, T0.plusSeconds(30), T0.plusSeconds(31), 30_000, "b"),
                heartbeat(SESSION, T0.plusSeconds(60), T0.plusSeconds(60), 12_000, "c")));

    assertThat(changes).singleElement();
    SessionChange change = changes.get(0);
    assertThat(change.activeMillis()).isEqualTo(72_000);
    assertThat(change.lastOccurredAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(change.lastReceivedAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(change.bookmark().getChallengeId()).isEqualTo("c");
    assertThat(change.bookmarkAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(change.heartbeats()).isEqualTo(3);
  }

  @Test
  void aHeartbeatThatOccurredBeforeAnEarlierOneOfTheBatchMovesNeitherTimeNorBookmark() {
    SessionChange change =
        CoalescedHeartbeats.coalesce(
                List.of(
                    heartbeat(SESSION, T0.plusSeconds(30), T0.plusSeconds(40), 30_000, "late"),
                    heartbeat(SESSION, T0, T0.plusSeconds(41), 30_000, "early")))
            .get(0);

    assertThat(change.activeMillis()).as("its time still counts").isEqualTo(60_000);
    assertThat(change.lastOccurredAt()).isEqualTo(T0.plusSeconds(30));
    assertThat(change.lastReceivedAt())
        .as("received-at is the latest")
        .isEqualTo(T0.plusSeconds(41));
    assertThat(change.bookmark().getChallengeId()).isEqualTo("late");
  }

  @Test
  void onATieTheLaterHeartbeatOfTheBatchIsTheLatest() {
    SessionChange change =
        CoalescedHeartbeats.coalesce(
                List.of(
                    heartbeat(SESSION, T0, T0, 1_000, "a"), heartbeat(SESSION, T0, T0, 1_000, "b")))
            .get(0);

    assertThat(change.bookmark().getChallengeId()).isEqualTo("b");
    assertThat(change.bookmarkIndex()).isEqualTo(1);
  }

  @Test
  void theBookmarkIsLatestOnlyIfNoLaterHeartbeatIsStored() {
    SessionChange change =
        CoalescedHeartbeats.coalesce(List.of(heartbeat(SESSION, T0, T0, 1_000, "a"))).get(0);

    assertThat(change.bookmarkIsLatestAfter(null)).isTrue();
    assertThat(change.bookmarkIsLatestAfter(T0)).as("same time: latest").isTrue();
    assertThat(change.bookmarkIsLatestAfter(T0.minusMillis(1))).isTrue();
    assertThat(change.bookmarkIsLatestAfter(T0.plusMillis(1))).isFalse();
  }

  @Test
  void sessionsStayApartInTheOrderOfTheirFirstHeartbeatAndNegativeTimeCountsAsZero() {
    UUID other = UUID.randomUUID();
    List<SessionChange> changes =
        CoalescedHeartbeats.coalesce(
            List.of(
                heartbeat(other, T0, T0, 5_000, "x"),
                heartbeat(SESSION, T0, T0, -5, "a"),
                heartbeat(other, T0.plusSeconds(1), T0.plusSeconds(1), 5_000, "y")));

    assertThat(changes).extracting(SessionChange::sessionId).containsExactly(other, SESSION);
    assertThat(changes.get(0).activeMillis()).isEqualTo(10_000);
    assertThat(changes.get(0).lastIndex()).isEqualTo(2);
    assertThat(changes.get(1).activeMillis()).isZero();
  }

  @Test
  void aSessionNamedWithAnotherRegistrationIsAChangeOfItsOwn() {
    Heartbeat foreign = heartbeat(UUID.randomUUID(), SESSION, T0, T0, 1_000, "z");
    List<SessionChange> changes =
        CoalescedHeartbeats.coalesce(List.of(heartbeat(SESSION, T0, T0, 1_000, "a"), foreign));

    assertThat(changes).hasSize(2);
    assertThat(changes.get(0).registrationId()).isEqualTo(REGISTRATION);
  }

  private static Heartbeat heartbeat(
      UUID session, Instant occurredAt, Instant receivedAt, long activeMillis, String challenge) {
    return heartbeat(REGISTRATION, session, occurredAt, receivedAt, activeMillis, challenge);
  }

  private static Heartbeat heartbeat(
      UUID registration,
      UUID session,
      Instant occurredAt,
      Instant receivedAt,
      long activeMillis,
      String challenge) {
    return Heartbeat.newBuilder()
        .setMetadata(
            EventMetadata.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(occurredAt)
                .setReceivedAt(receivedAt)
                .setTenantId("acme")
                .setLearnerId("learner-42")
                .setRegistrationId(registration)
                .setSessionId(session)
                .setSequence(0)
                .setProducer("ingest-service")
                .build())
        .setAssignmentId("a1")
        .setActiveMillis(activeMillis)
        .setBookmark(
            Bookmark.newBuilder()
                .setTopicId("t")
                .setChallengeId(challenge)
                .setStep(1)
                .setRevealedHints(List.of())
                .build())
        .build();
  }
}

package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.learnpulse.events.v1.RevocationReason;
import io.learnpulse.events.v1.SessionRevoked;
import io.learnpulse.events.v1.SessionSuspended;
import io.learnpulse.events.v1.SessionTerminated;
import io.learnpulse.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * A session's tokens are revoked through the outbox (ADR 26): a launch that supersedes a live
 * session publishes {@code SessionRevoked} keyed by the old session id, valid until the old token
 * can have expired; a terminated session is revoked too; a suspended one (which a later heartbeat
 * may reopen, ADR 20) is not, until a later launch supersedes it.
 */
class SessionRevocationIT extends LmsSyncITSupport {

  private static final String TOPIC = Topics.SESSION_REVOCATION.name();

  @Test
  void aLaunchThatSupersedesALiveSessionRevokesTheOldSessionsTokens() throws Exception {
    Launched first = launched("SCORM_2004_4TH");
    Instant before = clock.instant();

    Answer second =
        launch(descriptor(first.tenant(), first.assignment(), "SCORM_2004_4TH"), "learner-42");
    assertThat(second.status()).as(second.raw()).isEqualTo(201);
    UUID secondSession = UUID.fromString(second.body().path("sessionId").asText());
    assertThat(second.body().path("registrationId").asText())
        .isEqualTo(first.registration().toString());

    List<ConsumerRecord<String, Object>> revoked = awaitRevocations(first.session(), 1);
    SessionRevoked revocation = (SessionRevoked) revoked.get(0).value();
    assertThat(revocation.getReason()).isEqualTo(RevocationReason.SUPERSEDED);
    assertThat(revocation.getSupersededBy()).isEqualTo(secondSession);
    assertThat(revocation.getMetadata().getSessionId()).isEqualTo(first.session());
    assertThat(revocation.getMetadata().getRegistrationId()).isEqualTo(first.registration());
    assertThat(revocation.getMetadata().getTenantId()).isEqualTo(first.tenant());
    assertThat(revocation.getRevokedUntil())
        .as("until the old token's expiry at the latest: now plus the token lifetime (12 h)")
        .isAfterOrEqualTo(before.plus(Duration.ofHours(12)).truncatedTo(ChronoUnit.MILLIS))
        .isBefore(clock.instant().plus(Duration.ofHours(12)).plusSeconds(60));
    assertThat(recordsWithKey(TOPIC, secondSession.toString()))
        .as("the new session is not revoked")
        .isEmpty();
  }

  @Test
  void aTerminatedSessionIsRevokedASuspendedOneIsNot() throws Exception {
    Launched suspendedLaunch = launched("SCORM_12");
    Launched terminatedLaunch = launched("SCORM_12");
    Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    try (KafkaProducer<String, Object> producer = avroProducer("TopicRecordNameStrategy")) {
      send(
          producer,
          Topics.ACTIVITY.name(),
          suspendedLaunch.key(),
          SessionSuspended.newBuilder()
              .setMetadata(metadata(suspendedLaunch, at))
              .setAssignmentId(suspendedLaunch.assignment())
              .setTopicId("t")
              .build());
      send(
          producer,
          Topics.ACTIVITY.name(),
          terminatedLaunch.key(),
          SessionTerminated.newBuilder()
              .setMetadata(metadata(terminatedLaunch, at))
              .setAssignmentId(terminatedLaunch.assignment())
              .setTopicId("t")
              .build());
    }

    List<ConsumerRecord<String, Object>> revoked = awaitRevocations(terminatedLaunch.session(), 1);
    assertThat(((SessionRevoked) revoked.get(0).value()).getReason())
        .isEqualTo(RevocationReason.TERMINATED);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> sessionColumn(suspendedLaunch.session(), "state").equals("SUSPENDED"));
    assertThat(recordsWithKey(TOPIC, suspendedLaunch.session().toString()))
        .as("a suspended session may be reopened by its player's next heartbeat")
        .isEmpty();

    Answer relaunch =
        launch(
            descriptor(suspendedLaunch.tenant(), suspendedLaunch.assignment(), "SCORM_12"),
            "learner-42");
    assertThat(relaunch.status()).as(relaunch.raw()).isEqualTo(201);
    assertThat(
            ((SessionRevoked) awaitRevocations(suspendedLaunch.session(), 1).get(0).value())
                .getReason())
        .as("a new launch supersedes the suspended session too")
        .isEqualTo(RevocationReason.SUPERSEDED);
  }

  private String sessionColumn(UUID session, String column) {
    return jdbc.sql("select " + column + "::text from sessions where id = :id")
        .param("id", session)
        .query((rs, n) -> rs.getString(1))
        .single();
  }

  private static List<ConsumerRecord<String, Object>> awaitRevocations(UUID session, int count) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> recordsWithKey(TOPIC, session.toString()), r -> r.size() >= count);
  }
}

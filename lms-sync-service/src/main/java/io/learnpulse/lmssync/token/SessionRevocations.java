package io.learnpulse.lmssync.token;

import io.learnpulse.events.v1.EventMetadata;
import io.learnpulse.events.v1.RevocationReason;
import io.learnpulse.events.v1.SessionRevoked;
import io.learnpulse.lmssync.LmsSyncProperties;
import io.learnpulse.lmssync.outbox.KafkaOutbox;
import io.learnpulse.schemas.wire.ProducerId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Revokes a session's tokens before their expiry by publishing {@code SessionRevoked} (keyed by the
 * session id) through the outbox, in the transaction that superseded or terminated the session, so
 * the revocation exists exactly when the state change does
 * (docs/adr/0026-session-token-revocation.md). ingest-service reads the topic and refuses the
 * session's token until {@code revokedUntil}: now plus the token lifetime, the latest expiry any
 * token issued for the session can have.
 */
@Component
public class SessionRevocations {

  private final KafkaOutbox outbox;
  private final String topic;
  private final Duration tokenTtl;
  private final Clock clock;

  SessionRevocations(KafkaOutbox outbox, LmsSyncProperties properties, Clock clock) {
    this.outbox = outbox;
    this.topic = properties.topics().sessionRevocation();
    this.tokenTtl = properties.tokenTtl();
    this.clock = clock;
  }

  /** The session's registration and learner, as the revocation's metadata names them. */
  public record RevokedSession(
      UUID sessionId, UUID registrationId, String tenantId, String learnerId) {}

  /**
   * Revokes {@code session}'s tokens; must run inside the transaction of the state change.
   *
   * @param supersededBy the session that replaced it, or null
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void revoke(RevokedSession session, RevocationReason reason, UUID supersededBy) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    UUID eventId = UUID.randomUUID();
    SessionRevoked event =
        SessionRevoked.newBuilder()
            .setMetadata(
                EventMetadata.newBuilder()
                    .setEventId(eventId)
                    .setOccurredAt(now)
                    .setReceivedAt(now)
                    .setTenantId(session.tenantId())
                    .setLearnerId(session.learnerId())
                    .setRegistrationId(session.registrationId())
                    .setSessionId(session.sessionId())
                    .setSequence(0)
                    .setProducer(ProducerId.LMS_SYNC.id())
                    .build())
            .setReason(reason)
            .setRevokedUntil(now.plus(tokenTtl))
            .setSupersededBy(supersededBy)
            .build();
    outbox.append(topic, session.sessionId().toString(), eventId, now, event);
  }
}

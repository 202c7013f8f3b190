package io.learnpulse.lmssync.outbox;

import io.learnpulse.lmssync.kafka.AvroBytes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes events to publish into the {@code kafka_outbox} table inside the caller's transaction, so
 * an event exists exactly when the state change that it reports was committed. {@link
 * KafkaOutboxRelay} sends them; this class wakes it once the transaction committed.
 */
@Component
public class KafkaOutbox {

  private final JdbcClient jdbc;
  private final KafkaOutboxRelay relay;

  KafkaOutbox(JdbcClient jdbc, KafkaOutboxRelay relay) {
    this.jdbc = jdbc;
    this.relay = relay;
  }

  /** Adds an event to the outbox; must run inside the transaction of the state change. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void append(
      String topic, String key, UUID eventId, Instant occurredAt, SpecificRecord event) {
    jdbc.sql(
            """
            insert into kafka_outbox (topic, message_key, event_id, event_type, occurred_at, payload)
            values (:topic, :key, :eventId, :type, :occurredAt, :payload)
            """)
        .param("topic", topic)
        .param("key", key)
        .param("eventId", eventId)
        .param("type", event.getClass().getName())
        .param("occurredAt", occurredAt.atOffset(ZoneOffset.UTC))
        .param("payload", AvroBytes.encode(event))
        .update();
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            relay.wakeUp();
          }
        });
  }
}

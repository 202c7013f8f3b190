package io.learnpulse.lmssync.outbox;

import io.learnpulse.lmssync.kafka.AvroBytes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.jdbc.core.JdbcTemplate;
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

  private static final String INSERT =
      """
      insert into kafka_outbox (topic, message_key, event_id, event_type, occurred_at, payload)
      values (?, ?, ?, ?, ?, ?)
      """;

  private final JdbcTemplate batches;
  private final KafkaOutboxRelay relay;

  KafkaOutbox(JdbcTemplate batches, KafkaOutboxRelay relay) {
    this.batches = batches;
    this.relay = relay;
  }

  /** One event to add to the outbox. */
  public record Entry(
      String topic, String key, UUID eventId, Instant occurredAt, SpecificRecord event) {}

  /**
   * Adds events to the outbox in their order with one JDBC batch (one round trip); must run inside
   * the transaction of the state change.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void appendAll(List<Entry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    batches.batchUpdate(
        INSERT,
        entries,
        entries.size(),
        (ps, entry) -> {
          ps.setString(1, entry.topic());
          ps.setString(2, entry.key());
          ps.setObject(3, entry.eventId());
          ps.setString(4, entry.event().getClass().getName());
          ps.setObject(5, entry.occurredAt().atOffset(ZoneOffset.UTC));
          ps.setBytes(6, AvroBytes.encode(entry.event()));
        });
    wakeRelayAfterCommit();
  }

  /** Adds an event to the outbox; must run inside the transaction of the state change. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void append(
      String topic, String key, UUID eventId, Instant occurredAt, SpecificRecord event) {
    appendAll(List.of(new Entry(topic, key, eventId, occurredAt, event)));
  }

  private void wakeRelayAfterCommit() {
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            relay.wakeUp();
          }
        });
  }
}

package io.learnpulse.lmssync.outbox;

import io.learnpulse.lmssync.LmsSyncProperties;
import io.learnpulse.lmssync.kafka.AvroBytes;
import io.learnpulse.schemas.wire.CloudEventHeaders;
import io.learnpulse.schemas.wire.ProducerId;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Relays {@code kafka_outbox} rows to Kafka in id order, one relay at a time across replicas (a
 * transaction-scoped advisory lock), marking each row published once Kafka acknowledged it. A row
 * that fails stops the batch, so events of one key never overtake each other; it is retried on the
 * next round. Delivery is at least once: a crash between the acknowledgement and the update sends
 * the row again, and consumers deduplicate by the event id (also in the {@code ce_id} header).
 */
@Component
public class KafkaOutboxRelay implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(KafkaOutboxRelay.class);

  /** Advisory lock id of the relay ("LPOUTBOX" as a number). */
  private static final long LOCK_ID = 0x4c504f5554424f58L;

  private static final int BATCH = 200;

  private final JdbcClient jdbc;
  private final KafkaTemplate<String, Object> kafka;
  private final TransactionTemplate transactions;
  private final long pollMillis;
  private final Semaphore wakeUps = new Semaphore(0);
  private volatile Thread worker;
  private volatile boolean running;

  KafkaOutboxRelay(
      JdbcClient jdbc,
      KafkaTemplate<String, Object> kafka,
      TransactionTemplate transactions,
      LmsSyncProperties properties) {
    this.jdbc = jdbc;
    this.kafka = kafka;
    this.transactions = transactions;
    this.pollMillis = properties.outboxPollInterval().toMillis();
  }

  /** Asks the relay to look for new rows now. */
  public void wakeUp() {
    wakeUps.release();
  }

  /**
   * Sends pending rows until none is left or one fails.
   *
   * @return rows published
   */
  public int drain() {
    int total = 0;
    while (true) {
      Integer sent = transactions.execute(status -> relayBatch());
      if (sent == null || sent <= 0) {
        return total;
      }
      total += sent;
    }
  }

  private int relayBatch() {
    Boolean locked =
        jdbc.sql("select pg_try_advisory_xact_lock(:id)")
            .param("id", LOCK_ID)
            .query(Boolean.class)
            .single();
    if (!Boolean.TRUE.equals(locked)) {
      return 0;
    }
    List<Row> rows =
        jdbc.sql(
                """
                select id, topic, message_key, event_id, event_type, occurred_at, payload
                from kafka_outbox where published_at is null order by id limit :batch
                """)
            .param("batch", BATCH)
            .query(
                (rs, n) ->
                    new Row(
                        rs.getLong("id"),
                        rs.getString("topic"),
                        rs.getString("message_key"),
                        rs.getObject("event_id", UUID.class),
                        rs.getString("event_type"),
                        rs.getObject("occurred_at", OffsetDateTime.class),
                        rs.getBytes("payload")))
            .list();
    int sent = 0;
    for (Row row : rows) {
      try {
        send(row);
      } catch (RuntimeException | ExecutionException | TimeoutException e) {
        log.warn("outbox row {} ({} to {}) not sent yet: {}", row.id, row.type, row.topic, e);
        jdbc.sql(
                "update kafka_outbox set attempts = attempts + 1, last_error = :error where id = :id")
            .param("error", String.valueOf(e))
            .param("id", row.id)
            .update();
        return sent == 0 ? -1 : sent;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return sent == 0 ? -1 : sent;
      }
      jdbc.sql("update kafka_outbox set published_at = now() where id = :id")
          .param("id", row.id)
          .update();
      sent++;
    }
    return sent;
  }

  private void send(Row row) throws ExecutionException, TimeoutException, InterruptedException {
    SpecificRecord event = AvroBytes.decode(row.type, row.payload);
    ProducerRecord<String, Object> record = new ProducerRecord<>(row.topic, row.key, event);
    CloudEventHeaders.of(event, row.eventId, ProducerId.LMS_SYNC, row.occurredAt.toInstant())
        .writeTo(record.headers());
    kafka.send(record).get(45, TimeUnit.SECONDS);
  }

  private void loop() {
    while (running) {
      try {
        drain();
      } catch (RuntimeException e) {
        log.warn("outbox relay round failed, retrying", e);
      }
      try {
        if (wakeUps.tryAcquire(pollMillis, TimeUnit.MILLISECONDS)) {
          wakeUps.drainPermits();
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void start() {
    running = true;
    Thread thread = new Thread(this::loop, "kafka-outbox-relay");
    thread.setDaemon(true);
    worker = thread;
    thread.start();
  }

  @Override
  public void stop() {
    running = false;
    Thread current = worker;
    if (current != null) {
      current.interrupt();
      try {
        current.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private record Row(
      long id,
      String topic,
      String key,
      UUID eventId,
      String type,
      OffsetDateTime occurredAt,
      byte[] payload) {}
}

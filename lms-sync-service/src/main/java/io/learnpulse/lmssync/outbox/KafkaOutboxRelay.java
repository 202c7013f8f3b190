package io.learnpulse.lmssync.outbox;

import io.learnpulse.lmssync.LmsSyncProperties;
import io.learnpulse.lmssync.db.SqlArrays;
import io.learnpulse.lmssync.kafka.AvroBytes;
import io.learnpulse.schemas.wire.CloudEventHeaders;
import io.learnpulse.schemas.wire.ProducerId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Array;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Relays {@code kafka_outbox} rows to Kafka in id order, one relay at a time across replicas (a
 * transaction-scoped advisory lock per batch), a batch at a time (ADR 0033): the batch's records
 * are all handed to the (idempotent) producer without waiting, their acknowledgements awaited
 * together within one bound, and the acknowledged rows marked published with one statement.
 *
 * <p>Order: the producer keeps the order of a partition's records, and a row is marked published
 * only when it and every earlier row of the batch with the same topic and key were acknowledged. A
 * row that failed (or was not acknowledged within the bound) gets {@code attempts} and {@code
 * last_error}, and stays unpublished with every later row of its key; the relay stops draining and
 * retries them on its next round, in id order. Delivery is at least once: a row acknowledged but
 * not marked (a later row of a failed key, a crash before the update) is sent again, and consumers
 * deduplicate by the event id (also in the {@code ce_id} header).
 */
@Component
public class KafkaOutboxRelay implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(KafkaOutboxRelay.class);

  /** Advisory lock id of the relay ("LPOUTBOX" as a number). */
  private static final long LOCK_ID = 0x4c504f5554424f58L;

  /**
   * How long a batch waits for all its acknowledgements; beyond the producer's {@code
   * delivery.timeout.ms} (30 s), so a send normally ends with its own outcome first.
   */
  private static final long ACK_BOUND_MILLIS = 45_000;

  private final JdbcClient jdbc;
  private final DataSource dataSource;
  private final KafkaTemplate<String, Object> kafka;
  private final TransactionTemplate transactions;
  private final long pollMillis;
  private final int batchSize;
  private final Counter published;
  private final Counter failed;
  private final Semaphore wakeUps = new Semaphore(0);
  private volatile Thread worker;
  private volatile boolean running;

  KafkaOutboxRelay(
      JdbcClient jdbc,
      DataSource dataSource,
      KafkaTemplate<String, Object> kafka,
      TransactionTemplate transactions,
      LmsSyncProperties properties,
      MeterRegistry meters) {
    this.jdbc = jdbc;
    this.dataSource = dataSource;
    this.kafka = kafka;
    this.transactions = transactions;
    this.pollMillis = properties.outboxPollInterval().toMillis();
    this.batchSize = properties.outboxBatchSize();
    this.published =
        Counter.builder("learnpulse.lms-sync.outbox.published")
            .description("Outbox rows acknowledged by Kafka and marked published")
            .register(meters);
    this.failed =
        Counter.builder("learnpulse.lms-sync.outbox.failed")
            .description("Outbox sends that failed or were not acknowledged in time (retried)")
            .register(meters);
  }

  /** Asks the relay to look for new rows now. */
  public void wakeUp() {
    wakeUps.release();
  }

  /**
   * Sends pending rows until none is left, another replica relays, or a row fails.
   *
   * @return rows published
   */
  public int drain() {
    int total = 0;
    while (true) {
      Round round = transactions.execute(status -> relayBatch());
      if (round == null) {
        return total;
      }
      total += round.published();
      if (round.failures() > 0
          || round.read() < batchSize
          || Thread.currentThread().isInterrupted()) {
        return total;
      }
    }
  }

  /** What one batch did: rows read, marked published, failed. */
  private record Round(int read, int published, int failures) {}

  private Round relayBatch() {
    Boolean locked =
        jdbc.sql("select pg_try_advisory_xact_lock(:id)")
            .param("id", LOCK_ID)
            .query(Boolean.class)
            .single();
    if (!Boolean.TRUE.equals(locked)) {
      return new Round(0, 0, 0);
    }
    List<Row> rows =
        jdbc.sql(
                """
                select id, topic, message_key, event_id, event_type, occurred_at, payload
                from kafka_outbox where published_at is null order by id limit :batch
                """)
            .param("batch", batchSize)
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
    if (rows.isEmpty()) {
      return new Round(0, 0, 0);
    }
    List<CompletableFuture<?>> acks = send(rows);
    try {
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
          .get(ACK_BOUND_MILLIS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // each row's own outcome is read below; a row still pending counts as not acknowledged
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      // nothing is marked: every row of the batch is sent again (consumers deduplicate)
      return new Round(rows.size(), 0, 0);
    }
    return settle(rows, acks);
  }

  /**
   * Hands the rows to the producer in id order without waiting. A send that fails at once (no
   * metadata within {@code max.block.ms}, a full buffer) ends the batch there: the rows after it
   * are not sent this round.
   */
  private List<CompletableFuture<?>> send(List<Row> rows) {
    List<CompletableFuture<?>> acks = new ArrayList<>(rows.size());
    for (Row row : rows) {
      try {
        acks.add(kafka.send(record(row)));
      } catch (RuntimeException e) {
        acks.add(CompletableFuture.failedFuture(e));
        break;
      }
    }
    return acks;
  }

  private static ProducerRecord<String, Object> record(Row row) {
    SpecificRecord event = AvroBytes.decode(row.type, row.payload);
    ProducerRecord<String, Object> record = new ProducerRecord<>(row.topic, row.key, event);
    CloudEventHeaders.of(event, row.eventId, ProducerId.LMS_SYNC, row.occurredAt.toInstant())
        .writeTo(record.headers());
    return record;
  }

  /**
   * Marks published, in one statement, the acknowledged rows not preceded in the batch by an
   * unacknowledged row of the same topic and key; records the failures in one statement.
   */
  private Round settle(List<Row> rows, List<CompletableFuture<?>> acks) {
    Set<String> blockedKeys = new HashSet<>();
    List<Long> done = new ArrayList<>(acks.size());
    List<Long> failedIds = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    int heldBack = 0;
    for (int i = 0; i < acks.size(); i++) {
      Row row = rows.get(i);
      CompletableFuture<?> ack = acks.get(i);
      String key = row.topic + '\u0000' + row.key;
      String error = error(ack);
      if (error != null) {
        blockedKeys.add(key);
        failedIds.add(row.id);
        errors.add(error);
      } else if (blockedKeys.contains(key)) {
        heldBack++;
      } else {
        done.add(row.id);
      }
    }
    if (!done.isEmpty()) {
      jdbc.sql(
              "update kafka_outbox set published_at = now() where id = any(cast(:ids as bigint[]))")
          .param("ids", array("bigint", done.toArray(Long[]::new)))
          .update();
      published.increment(done.size());
    }
    if (!failedIds.isEmpty()) {
      jdbc.sql(
              """
              update kafka_outbox o set attempts = o.attempts + 1, last_error = f.error
              from unnest(cast(:ids as bigint[]), cast(:errors as text[])) as f(id, error)
              where o.id = f.id
              """)
          .param("ids", array("bigint", failedIds.toArray(Long[]::new)))
          .param("errors", array("text", errors.toArray(String[]::new)))
          .update();
      failed.increment(failedIds.size());
      Row first = rows.stream().filter(r -> r.id == failedIds.get(0)).findFirst().orElseThrow();
      log.warn(
          "outbox: {} of {} row(s) not sent yet, {} later row(s) of their keys held back, {}"
              + " published; first failed row {} ({} to {}): {}",
          failedIds.size(),
          rows.size(),
          heldBack,
          done.size(),
          first.id,
          first.type,
          first.topic,
          errors.get(0));
    }
    return new Round(rows.size(), done.size(), failedIds.size());
  }

  /** Null when acknowledged, else why not. */
  private static String error(CompletableFuture<?> ack) {
    if (!ack.isDone()) {
      return "no acknowledgement within " + ACK_BOUND_MILLIS + " ms";
    }
    try {
      ack.getNow(null);
      return null;
    } catch (RuntimeException e) {
      // KafkaTemplate wraps the producer's exception (RecordTooLargeException, TimeoutException…)
      return String.valueOf(NestedExceptionUtils.getMostSpecificCause(e));
    }
  }

  /** A SQL array parameter on the transaction's connection ({@link SqlArrays}). */
  private Array array(String type, Object[] elements) {
    return SqlArrays.of(dataSource, type, elements);
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

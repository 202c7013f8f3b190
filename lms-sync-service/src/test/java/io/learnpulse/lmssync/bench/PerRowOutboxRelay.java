package io.learnpulse.lmssync.bench;

import io.learnpulse.lmssync.kafka.AvroBytes;
import io.learnpulse.schemas.wire.CloudEventHeaders;
import io.learnpulse.schemas.wire.ProducerId;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox relay as it was before ADR 0033, kept only as {@link OutboxRelayBenchmark}'s baseline:
 * per transaction the advisory lock and 200 rows in id order, then for each row a send awaited
 * until Kafka acknowledged it ({@code send().get()}) and one {@code UPDATE} marking it published.
 * Failures stop the round (the benchmark has none).
 */
final class PerRowOutboxRelay {

  private static final long LOCK_ID = 0x4c504f5554424f58L;
  private static final int BATCH = 200;

  private final JdbcClient jdbc;
  private final KafkaTemplate<String, Object> kafka;
  private final TransactionTemplate transactions;

  PerRowOutboxRelay(
      JdbcClient jdbc, KafkaTemplate<String, Object> kafka, TransactionTemplate transactions) {
    this.jdbc = jdbc;
    this.kafka = kafka;
    this.transactions = transactions;
  }

  /** Publishes pending rows until none is left; returns how many. */
  int drain() {
    int total = 0;
    for (Integer sent = round(); sent != null && sent > 0; sent = round()) {
      total += sent;
    }
    return total;
  }

  private Integer round() {
    return transactions.execute(
        status -> {
          if (!jdbc.sql("select pg_try_advisory_xact_lock(:id)")
              .param("id", LOCK_ID)
              .query(Boolean.class)
              .single()) {
            return 0;
          }
          List<Object[]> rows =
              jdbc.sql(
                      "select id, topic, message_key, event_id, event_type, occurred_at, payload"
                          + " from kafka_outbox where published_at is null order by id limit :n")
                  .param("n", BATCH)
                  .query(
                      (rs, n) ->
                          new Object[] {
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getObject(4, UUID.class),
                            rs.getString(5),
                            rs.getObject(6, OffsetDateTime.class),
                            rs.getBytes(7)
                          })
                  .list();
          for (Object[] row : rows) {
            SpecificRecord event = AvroBytes.decode((String) row[4], (byte[]) row[6]);
            ProducerRecord<String, Object> record =
                new ProducerRecord<>((String) row[1], (String) row[2], event);
            CloudEventHeaders.of(
                    event,
                    (UUID) row[3],
                    ProducerId.LMS_SYNC,
                    ((OffsetDateTime) row[5]).toInstant())
                .writeTo(record.headers());
            try {
              kafka.send(record).get(45, TimeUnit.SECONDS);
            } catch (Exception e) {
              throw new IllegalStateException("baseline relay: send failed", e);
            }
            jdbc.sql("update kafka_outbox set published_at = now() where id = :id")
                .param("id", row[0])
                .update();
          }
          return rows.size();
        });
  }
}

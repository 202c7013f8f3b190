package io.learnpulse.lmssync.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The outbox's backlog as gauges (ADR 0033): {@code learnpulse.lms-sync.outbox.pending}, rows not
 * yet published, and {@code learnpulse.lms-sync.outbox.oldest-pending-age}, seconds since the
 * oldest of them was written (0 when none). Both come from one query on the partial index of
 * unpublished rows ({@code kafka_outbox_pending}), run at most once a second however often they are
 * read, so scrapes cannot load the database.
 */
@Component
public class OutboxBacklog {

  /** How long one reading is reused (monotonic time, not the service's clock). */
  static final long REUSE_NANOS = 1_000_000_000L;

  private final JdbcClient jdbc;
  private final AtomicReference<Reading> last = new AtomicReference<>();

  OutboxBacklog(JdbcClient jdbc, MeterRegistry meters) {
    this.jdbc = jdbc;
    Gauge.builder("learnpulse.lms-sync.outbox.pending", this, b -> b.reading().pending())
        .description("kafka_outbox rows not yet published to Kafka")
        .register(meters);
    Gauge.builder(
            "learnpulse.lms-sync.outbox.oldest-pending-age",
            this,
            b -> b.reading().oldestAgeSeconds())
        .description("Age of the oldest kafka_outbox row not yet published (0: none)")
        .baseUnit("seconds")
        .register(meters);
  }

  /** One reading of the backlog ({@code takenAt}: {@link System#nanoTime()}). */
  public record Reading(long pending, double oldestAgeSeconds, long takenAt) {}

  /** The backlog now, or as read less than a second ago. */
  public Reading reading() {
    long now = System.nanoTime();
    Reading reading = last.get();
    if (reading != null && now - reading.takenAt() < REUSE_NANOS) {
      return reading;
    }
    Reading fresh =
        jdbc.sql(
                """
                select count(*) as pending,
                  coalesce(extract(epoch from now() - (select created_at from kafka_outbox
                    where published_at is null order by id limit 1)), 0) as age
                from kafka_outbox where published_at is null
                """)
            .query(
                (rs, n) ->
                    new Reading(rs.getLong("pending"), Math.max(0, rs.getDouble("age")), now))
            .single();
    last.set(fresh);
    return fresh;
  }
}

package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.learnpulse.events.v1.Heartbeat;
import io.learnpulse.lmssync.kafka.PoisonRecordException;
import io.learnpulse.schemas.topics.Topics;
import io.learnpulse.schemas.wire.DeadLetterHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Issue 10's poison heartbeat: {@code activeMillis} near 2^63 produced straight to Kafka (past
 * ingest's checks). It must be dead-lettered at once, without the back-off retries, so another
 * tenant's heartbeat behind it on the same partition is applied promptly, and the poisoned
 * registration's session time stays what it was.
 */
class PoisonRecordIT extends LmsSyncITSupport {

  @Test
  void poisonHeartbeatIsDeadLetteredAtOnceAndDoesNotHoldUpOtherTenants() throws Exception {
    Launched poisoned = launched("SCORM_2004_4TH");
    Launched other = launched("SCORM_2004_4TH");
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(120);
    int partition = 0;

    try (KafkaProducer<String, Object> producer = avroProducer("TopicNameStrategy")) {
      producer
          .send(
              new ProducerRecord<>(
                  Topics.HEARTBEAT.name(),
                  partition,
                  poisoned.key(),
                  heartbeat(poisoned, t0, 10_000)))
          .get();
    }
    awaitSessionTime(poisoned, "PT10S", Duration.ofSeconds(60));

    Heartbeat poison = heartbeat(poisoned, t0.plusSeconds(30), Long.MAX_VALUE - 7);
    long sentAt = System.nanoTime();
    try (KafkaProducer<String, Object> producer = avroProducer("TopicNameStrategy")) {
      producer
          .send(new ProducerRecord<>(Topics.HEARTBEAT.name(), partition, poisoned.key(), poison))
          .get();
      producer
          .send(
              new ProducerRecord<>(
                  Topics.HEARTBEAT.name(),
                  partition,
                  other.key(),
                  heartbeat(other, t0.plusSeconds(30), 30_000)))
          .get();
    }

    // With the ~10 s of retries the other tenant's heartbeat would wait behind the poison record.
    awaitSessionTime(other, "PT30S", Duration.ofSeconds(8));
    assertThat(Duration.ofNanos(System.nanoTime() - sentAt))
        .as("the other tenant's heartbeat is applied promptly")
        .isLessThan(Duration.ofSeconds(8));

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        rawRecordsWithKey(
                            Topics.HEARTBEAT.deadLetterTopic().orElseThrow(), poisoned.key()))
                    .singleElement()
                    .satisfies(
                        r -> {
                          assertThat(
                                  DeadLetterHeaders.text(
                                      r.headers(), DeadLetterHeaders.EXCEPTION_FQCN))
                              .contains(PoisonRecordException.class.getName());
                          assertThat(
                                  DeadLetterHeaders.text(
                                      r.headers(), DeadLetterHeaders.EXCEPTION_MESSAGE))
                              .hasValueSatisfying(m -> assertThat(m).contains("activeMillis"));
                        }));

    assertThat(sessionTime(poisoned)).as("the poisoned registration is intact").isEqualTo("PT10S");
    assertThat(
            jdbc.sql("select active_millis from registrations where id = :r")
                .param("r", poisoned.registration())
                .query(Long.class)
                .single())
        .isEqualTo(10_000L);
  }

  private void awaitSessionTime(Launched launched, String expected, Duration within) {
    await()
        .atMost(within)
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(sessionTime(launched)).isEqualTo(expected));
  }

  private String sessionTime(Launched launched) throws Exception {
    return summaryElements(launched).path("cmi.session_time").asText();
  }
}

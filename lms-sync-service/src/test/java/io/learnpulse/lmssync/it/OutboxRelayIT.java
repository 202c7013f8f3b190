package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.learnpulse.events.v1.ScormCommitted;
import io.learnpulse.events.v1.ScormVersion;
import io.learnpulse.infra.Infrastructure;
import io.learnpulse.lmssync.outbox.KafkaOutbox;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The batched outbox relay (ADR 0033) on the real broker and PostgreSQL: per-key order across
 * several batches, a broker refusal in the middle of a batch (the broker's own {@code
 * RecordTooLargeException} for a topic whose {@code max.message.bytes} is too small for one row: a
 * real fault, no mock) leaving that row and the later rows of its key unpublished while other keys
 * go on, the rows sent once the topic accepts them, and the backlog gauges.
 *
 * <p>The rows are written with {@link KafkaOutbox#append} to test topics of their own (the relay
 * sends a row to the topic it names), so the topics hold only this test's records. Every cached
 * application context of the JVM runs a relay; the advisory lock lets one of them at a time send,
 * so the test reads the table and the topics, not one relay's counters.
 */
class OutboxRelayIT extends LmsSyncITSupport {

  @Autowired KafkaOutbox outbox;
  @Autowired TransactionTemplate transactions;
  @Autowired MeterRegistry meters;

  @Test
  void keepsEachKeysOrderAcrossBatches() {
    String topic = createTopic(unique("it.outbox.order"), 3, Map.of());
    List<String> keys = List.of(key(), key(), key());
    int perKey = 400; // 1,200 rows: more than two batches of 500
    List<UUID> eventIds = new ArrayList<>();
    transactions.executeWithoutResult(
        status -> {
          for (int sequence = 1; sequence <= perKey; sequence++) {
            for (String key : keys) {
              eventIds.add(append(topic, key, sequence, 10));
            }
          }
        });

    await()
        .atMost(Duration.ofMinutes(2))
        .untilAsserted(() -> assertThat(unpublished(eventIds)).isZero());
    for (String key : keys) {
      List<Long> sequences =
          recordsWithKey(topic, key).stream()
              .map(r -> ((ScormCommitted) r.value()).getCommitSequence())
              .toList();
      assertThat(sequences.stream().distinct().toList())
          .as("key %s: each event once, in the order the rows were written", key)
          .containsExactlyElementsOf(range(perKey));
      assertThat(sequences).as("key %s: never an earlier event after a later one", key).isSorted();
    }
  }

  @Test
  void aRowTheBrokerRefusesHoldsBackItsKeyOnlyAndIsSentLater() throws Exception {
    // 8,000 bytes per record batch: a commit of 10 characters fits, one of 20,000 does not (and
    // is larger than the producer's batch.size, so it travels in a producer batch of its own)
    String limited =
        createTopic(
            unique("it.outbox.limited"), 1, Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "8000"));
    String open = createTopic(unique("it.outbox.open"), 1, Map.of());
    String a = key();
    String b = key();
    UUID[] ids = new UUID[6];
    transactions.executeWithoutResult(
        status -> {
          // one transaction: the relay reads all six rows in one batch, in this order
          ids[0] = append(limited, a, 1, 10);
          ids[1] = append(open, b, 1, 10);
          ids[2] = append(limited, a, 2, 20_000);
          ids[3] = append(open, b, 2, 10);
          ids[4] = append(limited, a, 3, 10);
          ids[5] = append(open, b, 3, 10);
        });

    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(
            () -> {
              assertThat(attempts(ids[2]))
                  .as("the refused row is retried")
                  .isGreaterThanOrEqualTo(2);
              assertThat(lastError(ids[2])).contains("RecordTooLarge");
            });
    assertThat(unpublished(List.of(ids[0], ids[1], ids[3], ids[5])))
        .as("the row before it and the other key's rows are published")
        .isZero();
    assertThat(unpublished(List.of(ids[2], ids[4])))
        .as("the refused row and the later row of its key are not")
        .isEqualTo(2);
    assertThat(recordsWithKey(open, b))
        .extracting(r -> ((ScormCommitted) r.value()).getCommitSequence())
        .containsExactly(1L, 2L, 3L);

    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(
            () -> {
              assertThat(gauge("learnpulse.lms-sync.outbox.pending")).isGreaterThanOrEqualTo(2);
              assertThat(gauge("learnpulse.lms-sync.outbox.oldest-pending-age"))
                  .isGreaterThanOrEqualTo(1.0);
            });

    try (Admin admin = admin()) {
      admin
          .incrementalAlterConfigs(
              Map.of(
                  new ConfigResource(ConfigResource.Type.TOPIC, limited),
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1048588"),
                          AlterConfigOp.OpType.SET))))
          .all()
          .get();
    }
    await()
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(() -> assertThat(unpublished(List.of(ids))).isZero());
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(gauge("learnpulse.lms-sync.outbox.pending")).isZero();
              assertThat(gauge("learnpulse.lms-sync.outbox.oldest-pending-age")).isZero();
            });

    List<Long> sequences =
        recordsWithKey(limited, a).stream()
            .map(ConsumerRecord::value)
            .map(v -> ((ScormCommitted) v).getCommitSequence())
            .toList();
    assertThat(sequences.stream().distinct().sorted().toList()).containsExactly(1L, 2L, 3L);
    assertThat(sequences.get(0)).as("the row before the refused one came first").isEqualTo(1L);
    assertThat(sequences.lastIndexOf(3L))
        .as("the held-back row was sent again after the refused row got through")
        .isGreaterThan(sequences.indexOf(2L));
  }

  private UUID append(String topic, String key, long sequence, int suspendDataLength) {
    UUID eventId = UUID.randomUUID();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Map<String, String> elements = new LinkedHashMap<>();
    elements.put("cmi.location", "t/a/" + sequence);
    elements.put("cmi.suspend_data", "x".repeat(suspendDataLength));
    ScormCommitted event =
        ScormCommitted.newBuilder()
            .setTenantId("outbox-it")
            .setRegistrationId(UUID.fromString(key))
            .setSessionId(UUID.fromString(key))
            .setCommitSequence(sequence)
            .setScormVersion(ScormVersion.SCORM_2004_4TH)
            .setElements(new LinkedHashMap<>(elements))
            .setPolicyVersion(null)
            .setCommittedAt(now)
            .build();
    outbox.append(topic, key, eventId, now, event);
    return eventId;
  }

  private long unpublished(List<UUID> eventIds) {
    return jdbc.sql(
            "select count(*) from kafka_outbox where published_at is null"
                + " and event_id = any(cast(:ids as uuid[]))")
        .param(
            "ids", eventIds.stream().map(UUID::toString).collect(Collectors.joining(",", "{", "}")))
        .query(Long.class)
        .single();
  }

  private int attempts(UUID eventId) {
    return jdbc.sql("select attempts from kafka_outbox where event_id = :id")
        .param("id", eventId)
        .query(Integer.class)
        .single();
  }

  private String lastError(UUID eventId) {
    return jdbc.sql("select coalesce(last_error, '') from kafka_outbox where event_id = :id")
        .param("id", eventId)
        .query(String.class)
        .single();
  }

  private double gauge(String name) {
    return meters.get(name).gauge().value();
  }

  private static List<Long> range(int n) {
    List<Long> values = new ArrayList<>(n);
    for (long i = 1; i <= n; i++) {
      values.add(i);
    }
    return values;
  }

  private static String key() {
    return UUID.randomUUID().toString();
  }

  private static Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            Infrastructure.shared().bootstrapServers()));
  }

  private static String createTopic(String name, int partitions, Map<String, String> configs) {
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
          .all()
          .get();
    } catch (Exception e) {
      throw new IllegalStateException("cannot create topic " + name, e);
    }
    return name;
  }
}

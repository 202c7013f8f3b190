package io.learnpulse.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class DeadLetterHeadersTest {

  private static final DeadLetterHeaders.Origin ORIGIN =
      new DeadLetterHeaders.Origin(
          "learnpulse.activity.v1", 7, 1234L, 1_700_000_000_000L, TimestampType.CREATE_TIME, "g");

  @Test
  void writesExactlyTheRequiredHeadersAndReadsTheOriginBack() {
    Headers headers = new RecordHeaders();

    DeadLetterHeaders.write(headers, ORIGIN, new IllegalStateException("bad value"));

    assertThat(DeadLetterHeaders.names(headers))
        .containsExactlyInAnyOrderElementsOf(DeadLetterHeaders.REQUIRED);
    assertThat(DeadLetterHeaders.originalTopic(headers)).contains("learnpulse.activity.v1");
    assertThat(DeadLetterHeaders.originalPartition(headers)).contains(7);
    assertThat(DeadLetterHeaders.originalOffset(headers)).contains(1234L);
    assertThat(DeadLetterHeaders.originalTimestamp(headers)).contains(1_700_000_000_000L);
    assertThat(DeadLetterHeaders.text(headers, DeadLetterHeaders.ORIGINAL_TIMESTAMP_TYPE))
        .contains("CreateTime");
    assertThat(DeadLetterHeaders.text(headers, DeadLetterHeaders.ORIGINAL_CONSUMER_GROUP))
        .contains("g");
    assertThat(DeadLetterHeaders.text(headers, DeadLetterHeaders.EXCEPTION_FQCN))
        .contains(IllegalStateException.class.getName());
    assertThat(DeadLetterHeaders.text(headers, DeadLetterHeaders.EXCEPTION_MESSAGE))
        .contains("bad value");
  }

  @Test
  void aCauseAddsItsClassAndMessageButNeverAStackTrace() {
    Headers headers = new RecordHeaders();
    headers.add(DeadLetterHeaders.EXCEPTION_STACKTRACE, "at x.y(Z.java:1)".getBytes());

    DeadLetterHeaders.write(
        headers,
        ORIGIN,
        new IllegalArgumentException(
            "cannot read", new UncheckedIOException(new IOException("eof"))));

    assertThat(DeadLetterHeaders.names(headers))
        .containsExactlyInAnyOrderElementsOf(DeadLetterHeaders.ALL)
        .doesNotContain(DeadLetterHeaders.EXCEPTION_STACKTRACE);
    assertThat(DeadLetterHeaders.text(headers, DeadLetterHeaders.EXCEPTION_CAUSE_FQCN))
        .contains(UncheckedIOException.class.getName());
    assertThat(DeadLetterHeaders.text(headers, DeadLetterHeaders.EXCEPTION_MESSAGE))
        .hasValueSatisfying(m -> assertThat(m).startsWith("cannot read").contains("eof"));
  }

  @Test
  void aLongMessageIsCutToTheBound() {
    Headers headers = new RecordHeaders();

    DeadLetterHeaders.writeException(headers, new RuntimeException("x".repeat(100_000)));

    String message =
        new String(
            headers.lastHeader(DeadLetterHeaders.EXCEPTION_MESSAGE).value(),
            StandardCharsets.UTF_8);
    assertThat(message).hasSize(DeadLetterHeaders.MAX_MESSAGE_CHARS).endsWith("…");
  }

  @Test
  void writingAgainReplacesEarlierDeadLetterHeadersAndKeepsTheOthers() {
    Headers headers = new RecordHeaders();
    headers.add(CloudEventHeaders.ID, "id".getBytes(StandardCharsets.UTF_8));
    DeadLetterHeaders.write(headers, ORIGIN, new RuntimeException("first", new Error()));

    DeadLetterHeaders.write(headers, ORIGIN, new RuntimeException("second"));

    assertThat(headers.headers(DeadLetterHeaders.ORIGINAL_OFFSET)).hasSize(1);
    assertThat(DeadLetterHeaders.names(headers))
        .containsExactlyInAnyOrderElementsOf(DeadLetterHeaders.REQUIRED);
    assertThat(DeadLetterHeaders.text(headers, DeadLetterHeaders.EXCEPTION_MESSAGE))
        .contains("second");
    assertThat(headers.lastHeader(CloudEventHeaders.ID)).isNotNull();
  }

  @Test
  void theOriginOfAConsumerRecordIsItsCoordinates() {
    ConsumerRecord<String, byte[]> record =
        new ConsumerRecord<>("learnpulse.heartbeat.v1", 3, 99L, "k", new byte[0]);

    DeadLetterHeaders.Origin origin = DeadLetterHeaders.Origin.of(record, "lms-sync-heartbeat");

    assertThat(origin.topic()).isEqualTo("learnpulse.heartbeat.v1");
    assertThat(origin.partition()).isEqualTo(3);
    assertThat(origin.offset()).isEqualTo(99L);
    assertThat(origin.consumerGroup()).isEqualTo("lms-sync-heartbeat");
  }

  @Test
  void malformedNumbersReadAsAbsent() {
    Headers headers = new RecordHeaders();
    headers.add(DeadLetterHeaders.ORIGINAL_PARTITION, "7".getBytes(StandardCharsets.UTF_8));

    assertThat(DeadLetterHeaders.originalPartition(headers)).isEmpty();
    assertThat(DeadLetterHeaders.originalOffset(headers)).isEmpty();
  }
}

package io.learnpulse.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.learnpulse.events.v1.HintRevealed;
import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.schemas.samples.WorkedExample;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class CloudEventHeadersTest {

  private static final UUID ID = UUID.fromString("7a3e4a1c-52f5-4d0b-9a5b-0d6c6a1f7e21");
  private static final Instant TIME = Instant.parse("2025-03-01T09:59:59.123Z");

  @Test
  void writesTheFiveBinaryModeHeadersInAStableOrder() {
    CloudEventHeaders ce =
        new CloudEventHeaders(
            ID, CloudEventHeaders.typeOf(HintRevealed.getClassSchema()), "ingest-service", TIME);

    assertThat(ce.asMap())
        .containsExactly(
            entry("ce_id", ID.toString()),
            entry("ce_type", "io.learnpulse.HintRevealed"),
            entry("ce_source", "ingest-service"),
            entry("ce_time", "2025-03-01T09:59:59.123Z"),
            entry("ce_specversion", "1.0"));
  }

  @Test
  void whatIsWrittenReadsBackAndReplacesEarlierValues() {
    Headers headers = new RecordHeaders();
    headers.add(CloudEventHeaders.ID, "stale".getBytes(StandardCharsets.UTF_8));
    headers.add("traceparent", "00-abc".getBytes(StandardCharsets.UTF_8));

    TopicStatus status = WorkedExample.topicStatus().build();
    CloudEventHeaders.of(status, ID, ProducerId.SCORING, TIME).writeTo(headers);

    assertThat(headers.headers(CloudEventHeaders.ID)).hasSize(1);
    assertThat(headers.lastHeader("traceparent")).isNotNull();
    assertThat(CloudEventHeaders.id(headers)).contains(ID);
    assertThat(CloudEventHeaders.read(headers))
        .contains(new CloudEventHeaders(ID, "io.learnpulse.TopicStatus", "scoring-service", TIME));
  }

  @Test
  void aMissingOrMalformedIdReadsAsAbsent() {
    Headers headers = new RecordHeaders();
    assertThat(CloudEventHeaders.id(headers)).isEmpty();
    headers.add(CloudEventHeaders.ID, "not-a-uuid".getBytes(StandardCharsets.UTF_8));
    assertThat(CloudEventHeaders.id(headers)).isEmpty();
    assertThat(CloudEventHeaders.read(headers)).isEmpty();
  }

  @Test
  void contentIdsAreTheSameForTheSameKeyAndContentOnly() {
    byte[] content = {1, 2, 3};

    UUID first = CloudEventHeaders.contentId("r/t", content);

    assertThat(CloudEventHeaders.contentId("r/t", new byte[] {1, 2, 3})).isEqualTo(first);
    assertThat(CloudEventHeaders.contentId("r/u", content)).isNotEqualTo(first);
    assertThat(CloudEventHeaders.contentId("r/t", new byte[] {1, 2, 4})).isNotEqualTo(first);
    assertThat(first.version()).isEqualTo(3);
  }

  @Test
  void producerIdsAreTheServiceNames() {
    assertThat(ProducerId.values())
        .extracting(ProducerId::id)
        .containsExactly("ingest-service", "scoring-service", "lms-sync-service", "xapi-emitter");
    assertThat(ProducerId.LMS_SYNC.is("lms-sync-service")).isTrue();
    assertThat(ProducerId.LMS_SYNC.is("ingest-service")).isFalse();
    assertThat(ProducerId.LMS_SYNC.is(null)).isFalse();
  }
}

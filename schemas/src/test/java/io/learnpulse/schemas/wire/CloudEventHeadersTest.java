package io.learnpulse.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.learnpulse.events.v1.HintRevealed;
import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.schemas.samples.WorkedExample;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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

  /** The id is UUID.nameUUIDFromBytes of key, zero byte and content, as it always was. */
  @Test
  void contentIdsAreTheNameBasedUuidsOfKeyZeroAndContent() {
    Random random = new Random(38);
    for (int i = 0; i < 2_000; i++) {
      String key = UUID.randomUUID() + "/topic-" + random.nextInt(1_000) + (i % 7 == 0 ? "é" : "");
      byte[] content = new byte[random.nextInt(300)];
      random.nextBytes(content);
      byte[] k = key.getBytes(StandardCharsets.UTF_8);
      byte[] name = new byte[k.length + 1 + content.length];
      System.arraycopy(k, 0, name, 0, k.length);
      System.arraycopy(content, 0, name, k.length + 1, content.length);
      int offset = content.length == 0 ? 0 : random.nextInt(content.length);

      assertThat(CloudEventHeaders.contentId(key, content)).isEqualTo(UUID.nameUUIDFromBytes(name));
      byte[] framed = new byte[offset + content.length + 3];
      System.arraycopy(content, 0, framed, offset, content.length);
      assertThat(CloudEventHeaders.contentId(key, framed, offset, content.length))
          .isEqualTo(UUID.nameUUIDFromBytes(name));
    }
  }

  /** ce_time is written as Instant.toString writes it, for any instant. */
  @Test
  void timesAreWrittenAsInstantToStringWritesThem() {
    Random random = new Random(38);
    List<Instant> instants =
        new ArrayList<>(
            List.of(
                Instant.EPOCH,
                TIME,
                Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("0000-01-01T00:00:00Z").minusNanos(1),
                Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z").plusNanos(1),
                Instant.parse("1969-12-31T23:59:59.5Z"),
                Instant.parse("2024-02-29T00:00:00Z"),
                Instant.MIN,
                Instant.MAX));
    for (int i = 0; i < 20_000; i++) {
      long seconds = random.nextLong(-70_000_000_000L, 260_000_000_000L);
      int nano =
          switch (i % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1_000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
          };
      instants.add(Instant.ofEpochSecond(seconds, nano));
    }
    for (Instant instant : instants) {
      assertThat(CloudEventHeaders.rfc3339(instant)).isEqualTo(instant.toString());
    }
  }

  /** writeTo writes what asMap holds, as UTF-8, in its order. */
  @Test
  void writtenHeadersAreTheMapsEntries() {
    CloudEventHeaders ce =
        new CloudEventHeaders(
            ID,
            "io.learnpulse.TopicStatus",
            "scoring-service",
            Instant.parse("2026-12-02T18:00:00Z"));

    Headers headers = ce.writeTo(new RecordHeaders());

    List<String> written = new ArrayList<>();
    headers.forEach(
        h -> written.add(h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8)));
    assertThat(written)
        .containsExactlyElementsOf(
            ce.asMap().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
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

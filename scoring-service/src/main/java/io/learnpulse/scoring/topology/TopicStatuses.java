package io.learnpulse.scoring.topology;

import io.learnpulse.events.v1.ChallengeResult;
import io.learnpulse.events.v1.CompletionStatus;
import io.learnpulse.events.v1.LessonStatus;
import io.learnpulse.events.v1.SuccessStatus;
import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.schemas.serde.WireFormat;
import io.learnpulse.schemas.wire.CloudEventHeaders;
import io.learnpulse.schemas.wire.ProducerId;
import io.learnpulse.scoring.domain.Learner;
import io.learnpulse.scoring.domain.TopicResult;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;

/** Maps a domain {@link TopicResult} to the {@link TopicStatus} contract and its headers. */
final class TopicStatuses {

  private static final String TYPE = CloudEventHeaders.typeOf(TopicStatus.getClassSchema());

  private static final int UPDATED_AT = TopicStatus.getClassSchema().getField("updatedAt").pos();

  private static final VarHandle LITTLE_ENDIAN_LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  static {
    // digest relies on updatedAt being the last field, after an array (whose encoding ends with a
    // zero byte): a schema change breaking that must change that method
    List<Schema.Field> fields = TopicStatus.getClassSchema().getFields();
    if (UPDATED_AT != fields.size() - 1
        || fields.get(UPDATED_AT - 1).schema().getType() != Schema.Type.ARRAY) {
      throw new IllegalStateException("TopicStatus.updatedAt is no longer last, after an array");
    }
  }

  private TopicStatuses() {}

  static TopicStatus of(
      UUID registrationId, String assignmentId, Learner learner, TopicResult result) {
    return TopicStatus.newBuilder()
        .setTenantId(learner.tenantId())
        .setLearnerId(learner.learnerId())
        .setRegistrationId(registrationId)
        .setAssignmentId(assignmentId)
        .setTopicId(result.topicId())
        .setPolicyVersion(result.policyVersion())
        .setFinished(result.finished())
        .setPassed(result.passed())
        .setCompletionStatus(CompletionStatus.valueOf(result.completion().name()))
        .setSuccessStatus(SuccessStatus.valueOf(result.success().name()))
        .setLessonStatus(LessonStatus.valueOf(result.lessonStatus().name()))
        .setRawScore(result.rawScore().map(BigDecimal::doubleValue).orElse(null))
        .setScaledScore(result.scaledScore().map(BigDecimal::doubleValue).orElse(null))
        .setChallenges(
            result.challenges().stream()
                .map(
                    c ->
                        ChallengeResult.newBuilder()
                            .setChallengeId(c.challengeId())
                            .setOpened(c.opened())
                            .setHints(c.hints())
                            .setIncorrectAttempts(c.incorrectAttempts())
                            .setResolved(c.resolved())
                            .setReviewed(c.reviewed())
                            .setCorrectOnFirstTry(c.correctOnFirstTry())
                            .setScore(c.score().isPresent() ? c.score().getAsInt() : null)
                            .build())
                .toList())
        .setUpdatedAt(result.updatedAt())
        .build();
  }

  /**
   * The CloudEvents headers of a status forwarded under {@code key}: {@code ce_id} is derived from
   * the key and the status's Avro content ({@link CloudEventHeaders#contentId}, the registry
   * framing of {@code wireBytes} left out), so a status re-emitted after a restart or a recompute
   * that changed nothing has the same id and consumers drop the repeat; {@code ce_time} is when the
   * status was last updated ({@code updatedAt}).
   */
  static CloudEventHeaders cloudEvent(String key, byte[] wireBytes, Instant updatedAt) {
    return new CloudEventHeaders(
        CloudEventHeaders.contentId(
            key, wireBytes, WireFormat.HEADER_SIZE, wireBytes.length - WireFormat.HEADER_SIZE),
        TYPE,
        ProducerId.SCORING.id(),
        updatedAt);
  }

  /**
   * A 64-bit digest of what a status in the Confluent wire format says, when it was last updated
   * left out: of its Avro bytes up to {@code updatedAt}. {@code updatedAt} is the record's last
   * field, a variable-length Avro long: its bytes are the trailing ones whose high bit is set, and
   * the last. Avro's binary encoding of a record is canonical for one schema (no map, no padding),
   * so statuses that say the same thing have the same digest; two that differ have the same one
   * with a chance of 2<sup>-64</sup>. The registry framing is left out: a status written with
   * another schema id but the same bytes has the same digest.
   */
  static long digest(byte[] wireBytes) {
    int end = wireBytes.length - 1; // the last byte of updatedAt's varint (high bit clear)
    while (end > WireFormat.HEADER_SIZE && (wireBytes[end - 1] & 0x80) != 0) {
      end--;
    }
    return hash(wireBytes, WireFormat.HEADER_SIZE, end);
  }

  /**
   * A 64-bit hash of {@code bytes[from, to)}: eight bytes at a time, each word and the result mixed
   * with SplitMix64's finalizer; the length is mixed in first.
   */
  static long hash(byte[] bytes, int from, int to) {
    long h = mix(0x9E3779B97F4A7C15L + (to - from));
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long word = (long) LITTLE_ENDIAN_LONGS.get(bytes, i);
      h = Long.rotateLeft(h ^ mix(word), 29) * 0x9E3779B97F4A7C15L;
    }
    long tail = 0;
    for (int shift = 0; i < to; i++, shift += 8) {
      tail |= (bytes[i] & 0xffL) << shift;
    }
    return mix(h ^ mix(tail ^ 0x632BE59BD9B4E019L));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

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
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.apache.avro.Schema;

/** Maps a domain {@link TopicResult} to the {@link TopicStatus} contract and its headers. */
final class TopicStatuses {

  private static final int UPDATED_AT = TopicStatus.getClassSchema().getField("updatedAt").pos();

  static {
    // sameBytesButUpdatedAt relies on updatedAt being the last field, after an array (whose
    // encoding ends with a zero byte): a schema change breaking that must change that method
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
   * status was last updated.
   */
  static CloudEventHeaders cloudEvent(String key, TopicStatus status, byte[] wireBytes) {
    byte[] avro = Arrays.copyOfRange(wireBytes, WireFormat.HEADER_SIZE, wireBytes.length);
    return CloudEventHeaders.of(
        status, CloudEventHeaders.contentId(key, avro), ProducerId.SCORING, status.getUpdatedAt());
  }

  /**
   * Whether two statuses in the Confluent wire format were written with the same schema (the same
   * magic byte and schema id).
   */
  static boolean sameSchema(byte[] a, byte[] b) {
    return a.length > WireFormat.HEADER_SIZE
        && b.length > WireFormat.HEADER_SIZE
        && Arrays.equals(a, 0, WireFormat.HEADER_SIZE, b, 0, WireFormat.HEADER_SIZE);
  }

  /**
   * Whether two statuses written with the same schema ({@link #sameSchema}) say the same thing;
   * when it was last updated does not count. {@code updatedAt} is the record's last field, a
   * variable-length Avro long: its bytes are the trailing ones whose high bit is set, and the last.
   * Avro's binary encoding of a record is canonical for one schema (no map, no padding), so equal
   * values are equal bytes and the other way round; {@link #sameStatus} answers the same.
   */
  static boolean sameBytesButUpdatedAt(byte[] a, byte[] b) {
    int endA = withoutTrailingLong(a);
    int endB = withoutTrailingLong(b);
    return endA == endB && Arrays.equals(a, 0, endA, b, 0, endB);
  }

  private static int withoutTrailingLong(byte[] bytes) {
    int end = bytes.length - 1; // the last byte of the varint (high bit clear)
    while (end > 0 && (bytes[end - 1] & 0x80) != 0) {
      end--;
    }
    return end;
  }

  /**
   * Whether two statuses say the same thing; when it was last updated does not count. Compares
   * field by field, without copying either (this runs for every topic of every scored event).
   */
  static boolean sameStatus(TopicStatus a, TopicStatus b) {
    for (Schema.Field field : TopicStatus.getClassSchema().getFields()) {
      if (field.pos() != UPDATED_AT && !Objects.equals(a.get(field.pos()), b.get(field.pos()))) {
        return false;
      }
    }
    return true;
  }
}

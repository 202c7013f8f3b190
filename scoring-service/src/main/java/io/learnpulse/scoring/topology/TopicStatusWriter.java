package io.learnpulse.scoring.topology;

import io.learnpulse.events.v1.CompletionStatus;
import io.learnpulse.events.v1.LessonStatus;
import io.learnpulse.events.v1.SuccessStatus;
import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.schemas.serde.WireFormat;
import io.learnpulse.scoring.domain.ChallengeResult;
import io.learnpulse.scoring.domain.Learner;
import io.learnpulse.scoring.domain.ScormStatus;
import io.learnpulse.scoring.domain.TopicResult;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes a topic status in the Confluent wire format straight from the domain's {@link
 * TopicResult}, byte for byte what the registry serializer writes for {@link TopicStatuses#of} (ADR
 * 38; {@code TopicStatusWriterTest} compares them over random statuses), without building the Avro
 * record: the framing (magic byte and schema id) is taken from one status the registry serializer
 * wrote, the Avro binary follows the schema's field order (strings and the uuid as length and
 * UTF-8, ints and longs as zig-zag varints, enums as their index, a union as the branch index and
 * the value, an array as one block and a zero).
 */
final class TopicStatusWriter {

  /** The contract enums' indexes of the domain's values, by the domain's ordinal. */
  private static final int[] COMPLETION =
      Arrays.stream(ScormStatus.Completion.values())
          .mapToInt(c -> CompletionStatus.valueOf(c.name()).ordinal())
          .toArray();

  private static final int[] SUCCESS =
      Arrays.stream(ScormStatus.Success.values())
          .mapToInt(s -> SuccessStatus.valueOf(s.name()).ordinal())
          .toArray();

  private static final int[] LESSON =
      Arrays.stream(ScormStatus.LessonStatus.values())
          .mapToInt(l -> LessonStatus.valueOf(l.name()).ordinal())
          .toArray();

  static {
    // the order of the fields below is the schema's: a schema change must change this class
    List<String> fields =
        TopicStatus.getClassSchema().getFields().stream().map(f -> f.name()).toList();
    List<String> challengeFields =
        io.learnpulse.events.v1.ChallengeResult.getClassSchema().getFields().stream()
            .map(f -> f.name())
            .toList();
    if (!fields.equals(
            List.of(
                "tenantId",
                "learnerId",
                "registrationId",
                "assignmentId",
                "topicId",
                "policyVersion",
                "finished",
                "passed",
                "completionStatus",
                "successStatus",
                "lessonStatus",
                "rawScore",
                "scaledScore",
                "challenges",
                "updatedAt"))
        || !challengeFields.equals(
            List.of(
                "challengeId",
                "opened",
                "hints",
                "incorrectAttempts",
                "resolved",
                "reviewed",
                "correctOnFirstTry",
                "score"))) {
      throw new IllegalStateException("TopicStatus changed: TopicStatusWriter writes the old one");
    }
  }

  private final byte[] framing;
  private byte[] buffer = new byte[256];
  private int length;

  /**
   * A writer framing statuses as {@code sample} is framed.
   *
   * @param sample a status the registry serializer wrote (its first {@value WireFormat#HEADER_SIZE}
   *     bytes are used)
   */
  TopicStatusWriter(byte[] sample) {
    WireFormat.schemaId(sample); // checks the framing
    this.framing = Arrays.copyOf(sample, WireFormat.HEADER_SIZE);
  }

  /** The status of {@code result}, framed; what {@link TopicStatuses#of} serialized would be. */
  byte[] write(UUID registrationId, String assignmentId, Learner learner, TopicResult result) {
    length = 0;
    ensure(framing.length);
    System.arraycopy(framing, 0, buffer, 0, framing.length);
    length = framing.length;
    string(learner.tenantId());
    string(learner.learnerId());
    string(registrationId.toString());
    string(assignmentId);
    string(result.topicId());
    varlong(result.policyVersion());
    bool(result.finished());
    bool(result.passed());
    varlong(COMPLETION[result.completion().ordinal()]);
    varlong(SUCCESS[result.success().ordinal()]);
    varlong(LESSON[result.lessonStatus().ordinal()]);
    optionalDouble(result.rawScore());
    optionalDouble(result.scaledScore());
    List<ChallengeResult> challenges = result.challenges();
    if (!challenges.isEmpty()) {
      varlong(challenges.size());
      for (ChallengeResult c : challenges) {
        string(c.challengeId());
        bool(c.opened());
        varlong(c.hints());
        varlong(c.incorrectAttempts());
        bool(c.resolved());
        bool(c.reviewed());
        bool(c.correctOnFirstTry());
        if (c.score().isPresent()) {
          varlong(1);
          varlong(c.score().getAsInt());
        } else {
          varlong(0);
        }
      }
    }
    varlong(0); // end of the array
    varlong(result.updatedAt().toEpochMilli());
    return Arrays.copyOf(buffer, length);
  }

  private void ensure(int more) {
    if (length + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
    }
  }

  private void bool(boolean value) {
    ensure(1);
    buffer[length++] = (byte) (value ? 1 : 0);
  }

  private void varlong(long value) {
    ensure(10);
    long n = (value << 1) ^ (value >> 63);
    while ((n & ~0x7FL) != 0) {
      buffer[length++] = (byte) ((n & 0x7F) | 0x80);
      n >>>= 7;
    }
    buffer[length++] = (byte) n;
  }

  private void string(String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    varlong(utf8.length);
    ensure(utf8.length);
    System.arraycopy(utf8, 0, buffer, length, utf8.length);
    length += utf8.length;
  }

  private void optionalDouble(Optional<BigDecimal> value) {
    if (value.isEmpty()) {
      varlong(0);
      return;
    }
    varlong(1);
    long bits = Double.doubleToRawLongBits(value.get().doubleValue());
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buffer[length++] = (byte) (bits >>> (8 * i));
    }
  }
}

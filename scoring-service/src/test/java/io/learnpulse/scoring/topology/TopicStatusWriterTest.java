package io.learnpulse.scoring.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.schemas.topics.Topics;
import io.learnpulse.scoring.domain.ChallengeResult;
import io.learnpulse.scoring.domain.Learner;
import io.learnpulse.scoring.domain.ScormStatus;
import io.learnpulse.scoring.domain.TopicResult;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

/** ADR 38: the hand-written status bytes are the registry serializer's, byte for byte. */
class TopicStatusWriterTest {

  private static final String[] IDS = {"", "a", "topic-security", "é-ß-東京", "x".repeat(300)};

  @Test
  void writesWhatTheRegistrySerializerWritesForRandomStatuses() {
    Serializer<TopicStatus> serializer = TestSerdes.scoringSerdes().topicStatus().serializer();
    Random random = new Random(38);
    TopicStatusWriter writer = null;
    for (int i = 0; i < 3_000; i++) {
      UUID registration = new UUID(random.nextLong(), random.nextLong());
      String assignment = IDS[random.nextInt(IDS.length)];
      Learner learner =
          new Learner(
              IDS[random.nextInt(IDS.length)],
              IDS[random.nextInt(IDS.length)],
              Instant.EPOCH,
              0,
              UUID.randomUUID());
      TopicResult result = result(random);
      byte[] expected =
          serializer.serialize(
              Topics.TOPIC_STATUS.name(),
              TopicStatuses.of(registration, assignment, learner, result));
      if (writer == null) {
        writer = new TopicStatusWriter(expected);
      }

      assertThat(writer.write(registration, assignment, learner, result))
          .as("status %d: %s", i, result)
          .isEqualTo(expected);
    }
  }

  private static TopicResult result(Random random) {
    List<ChallengeResult> challenges = new ArrayList<>();
    int count = random.nextInt(5) == 0 ? 0 : random.nextInt(70);
    for (int c = 0; c < count; c++) {
      challenges.add(
          new ChallengeResult(
              IDS[random.nextInt(IDS.length)] + c,
              random.nextBoolean(),
              random.nextInt(5) == 0 ? random.nextInt() : random.nextInt(70),
              random.nextInt(5) == 0 ? random.nextInt() : random.nextInt(70),
              random.nextBoolean(),
              random.nextBoolean(),
              random.nextBoolean(),
              random.nextBoolean()
                  ? OptionalInt.empty()
                  : OptionalInt.of(random.nextInt(3) == 0 ? random.nextInt() : 101)));
    }
    Optional<BigDecimal> raw =
        random.nextBoolean()
            ? Optional.empty()
            : Optional.of(
                BigDecimal.valueOf(random.nextInt(1_000_001))
                    .movePointLeft(4)
                    .setScale(2, RoundingMode.HALF_UP));
    long millis =
        random.nextInt(4) == 0 ? random.nextLong(-(1L << 45), 1L << 45) : random.nextInt(100_000);
    return new TopicResult(
        IDS[random.nextInt(IDS.length)],
        random.nextInt(3) == 0 ? random.nextInt() : 1 + random.nextInt(100),
        random.nextBoolean(),
        random.nextBoolean(),
        pick(ScormStatus.Completion.values(), random),
        pick(ScormStatus.Success.values(), random),
        pick(ScormStatus.LessonStatus.values(), random),
        raw,
        raw.map(r -> r.movePointLeft(2)),
        challenges,
        Instant.ofEpochMilli(millis));
  }

  private static <T> T pick(T[] values, Random random) {
    return values[random.nextInt(values.length)];
  }
}

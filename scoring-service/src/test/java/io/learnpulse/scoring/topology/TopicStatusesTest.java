package io.learnpulse.scoring.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.events.v1.ChallengeResult;
import io.learnpulse.events.v1.CompletionStatus;
import io.learnpulse.events.v1.LessonStatus;
import io.learnpulse.events.v1.SuccessStatus;
import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.schemas.topics.Topics;
import io.learnpulse.schemas.wire.CloudEventHeaders;
import io.learnpulse.schemas.wire.ProducerId;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class TopicStatusesTest {

  private static final byte[] FRAMING = {0, 0, 0, 0, 7};

  @Test
  void theCloudEventOfAStatusIsDerivedFromItsKeyAndContentOnly() {
    TopicStatus status = status().build();
    byte[] wire = wire(new byte[] {10, 20, 30});

    CloudEventHeaders first = TopicStatuses.cloudEvent("r/t", wire, status.getUpdatedAt());
    CloudEventHeaders again =
        TopicStatuses.cloudEvent("r/t", wire(new byte[] {10, 20, 30}), status.getUpdatedAt());

    assertThat(again).isEqualTo(first);
    assertThat(first.id())
        .as("registry framing left out")
        .isEqualTo(CloudEventHeaders.contentId("r/t", new byte[] {10, 20, 30}));
    assertThat(first.type()).isEqualTo("io.learnpulse.TopicStatus");
    assertThat(first.source()).isEqualTo(ProducerId.SCORING.id());
    assertThat(first.time()).isEqualTo(status.getUpdatedAt());
    assertThat(TopicStatuses.cloudEvent("r/u", wire, status.getUpdatedAt()).id())
        .isNotEqualTo(first.id());
    assertThat(TopicStatuses.cloudEvent("r/t", wire(new byte[] {10, 20, 31}), Instant.EPOCH).id())
        .isNotEqualTo(first.id());
  }

  /**
   * The digest the processor compares (ADR 38) is the same exactly when the statuses are equal
   * field by field but for {@code updatedAt}, over statuses that differ in one field or only in
   * {@code updatedAt} (including times whose encodings have different lengths), serialized with the
   * production registry serde.
   */
  @Test
  void digestsAreEqualExactlyWhenTheStatusesSayTheSameButForUpdatedAt() {
    var serializer = TestSerdes.scoringSerdes().topicStatus().serializer();
    ChallengeResult solved =
        ChallengeResult.newBuilder()
            .setChallengeId("c1")
            .setOpened(true)
            .setHints(1)
            .setIncorrectAttempts(0)
            .setResolved(true)
            .setReviewed(true)
            .setCorrectOnFirstTry(false)
            .setScore(90)
            .build();
    List<TopicStatus> variants =
        List.of(
            status().build(),
            status().setUpdatedAt(Instant.EPOCH).build(),
            status().setUpdatedAt(Instant.ofEpochMilli(1)).build(),
            status().setUpdatedAt(Instant.ofEpochMilli(-1)).build(),
            status().setUpdatedAt(Instant.parse("2100-01-01T00:00:00.123Z")).build(),
            status().setTenantId("other-tenant").build(),
            status().setLearnerId("other-learner").build(),
            status().setTopicId("other-topic").build(),
            status().setPolicyVersion(2).build(),
            status().setFinished(true).build(),
            status().setPassed(true).build(),
            status().setCompletionStatus(CompletionStatus.COMPLETED).build(),
            status().setSuccessStatus(SuccessStatus.PASSED).build(),
            status().setLessonStatus(LessonStatus.PASSED).build(),
            status().setRawScore(90.0).build(),
            status().setRawScore(90.0).setScaledScore(0.9).build(),
            status().setRawScore(0.0).setScaledScore(0.0).build(),
            status().setChallenges(List.of(solved)).build(),
            status()
                .setChallenges(List.of(solved))
                .setUpdatedAt(Instant.parse("2026-03-02T10:00:00Z"))
                .build(),
            status().setChallenges(List.of(solved, solved)).build(),
            status()
                .setChallenges(List.of(ChallengeResult.newBuilder(solved).setScore(null).build()))
                .build());
    int same = 0;
    for (TopicStatus a : variants) {
      byte[] aBytes = serializer.serialize(Topics.TOPIC_STATUS.name(), a);
      for (TopicStatus b : variants) {
        byte[] bBytes = serializer.serialize(Topics.TOPIC_STATUS.name(), b);
        boolean expected = sameButUpdatedAt(a, b);
        assertThat(TopicStatuses.digest(aBytes) == TopicStatuses.digest(bBytes))
            .as("%s vs %s", a, b)
            .isEqualTo(expected);
        same += expected ? 1 : 0;
      }
    }
    assertThat(same).as("pairs equal but for updatedAt were compared too").isGreaterThan(25);
  }

  @Test
  void theDigestLeavesTheRegistryFramingOut() {
    byte[] otherSchema = wire(new byte[] {1, 2, 0, 8});
    otherSchema[4] = 8;

    assertThat(TopicStatuses.digest(otherSchema))
        .isEqualTo(TopicStatuses.digest(wire(new byte[] {1, 2, 0, 8})))
        .isNotEqualTo(TopicStatuses.digest(wire(new byte[] {1, 3, 0, 8})));
  }

  /** Different inputs of every length up to 40 bytes, one bit apart, have different hashes. */
  @Test
  void oneBitChangesTheHash() {
    Random random = new Random(38);
    Set<Long> hashes = new HashSet<>();
    int inputs = 0;
    for (int length = 0; length <= 40; length++) {
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      hashes.add(TopicStatuses.hash(bytes, 0, length));
      inputs++;
      for (int bit = 0; bit < length * 8; bit++) {
        bytes[bit / 8] ^= (byte) (1 << (bit % 8));
        hashes.add(TopicStatuses.hash(bytes, 0, length));
        bytes[bit / 8] ^= (byte) (1 << (bit % 8));
        inputs++;
      }
    }
    assertThat(hashes).hasSize(inputs);
  }

  /** The oracle: every field but updatedAt equal. */
  private static boolean sameButUpdatedAt(TopicStatus a, TopicStatus b) {
    for (Schema.Field field : TopicStatus.getClassSchema().getFields()) {
      if (!field.name().equals("updatedAt")
          && !Objects.equals(a.get(field.pos()), b.get(field.pos()))) {
        return false;
      }
    }
    return true;
  }

  private static TopicStatus.Builder status() {
    return TopicStatus.newBuilder()
        .setTenantId(Activity.TENANT)
        .setLearnerId(Activity.LEARNER)
        .setRegistrationId(UUID.fromString("00000000-0000-0000-0000-000000000001"))
        .setAssignmentId(Activity.ASSIGNMENT)
        .setTopicId(Activity.TOPIC)
        .setPolicyVersion(1)
        .setFinished(false)
        .setPassed(false)
        .setCompletionStatus(CompletionStatus.INCOMPLETE)
        .setSuccessStatus(SuccessStatus.UNKNOWN)
        .setLessonStatus(LessonStatus.INCOMPLETE)
        .setRawScore(null)
        .setScaledScore(null)
        .setChallenges(List.of())
        .setUpdatedAt(Activity.START);
  }

  private static byte[] wire(byte[] avro) {
    byte[] framed = new byte[FRAMING.length + avro.length];
    System.arraycopy(FRAMING, 0, framed, 0, FRAMING.length);
    System.arraycopy(avro, 0, framed, FRAMING.length, avro.length);
    return framed;
  }
}

package io.learnpulse.scoring.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.events.v1.CompletionStatus;
import io.learnpulse.events.v1.LessonStatus;
import io.learnpulse.events.v1.SuccessStatus;
import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.schemas.wire.CloudEventHeaders;
import io.learnpulse.schemas.wire.ProducerId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TopicStatusesTest {

  private static final byte[] FRAMING = {0, 0, 0, 0, 7};

  @Test
  void theCloudEventOfAStatusIsDerivedFromItsKeyAndContentOnly() {
    TopicStatus status = status().build();
    byte[] wire = wire(new byte[] {10, 20, 30});

    CloudEventHeaders first = TopicStatuses.cloudEvent("r/t", status, wire);
    CloudEventHeaders again =
        TopicStatuses.cloudEvent("r/t", status, wire(new byte[] {10, 20, 30}));

    assertThat(again).isEqualTo(first);
    assertThat(first.id())
        .as("registry framing left out")
        .isEqualTo(CloudEventHeaders.contentId("r/t", new byte[] {10, 20, 30}));
    assertThat(first.type()).isEqualTo("io.learnpulse.TopicStatus");
    assertThat(first.source()).isEqualTo(ProducerId.SCORING.id());
    assertThat(first.time()).isEqualTo(status.getUpdatedAt());
    assertThat(TopicStatuses.cloudEvent("r/u", status, wire).id()).isNotEqualTo(first.id());
    assertThat(
            TopicStatuses.cloudEvent(
                    "r/t",
                    status().setUpdatedAt(Instant.EPOCH).build(),
                    wire(new byte[] {10, 20, 31}))
                .id())
        .isNotEqualTo(first.id());
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

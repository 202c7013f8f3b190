package io.learnpulse.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.learnpulse.events.v1.Heartbeat;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void topicNamesAreUniqueAndCarryTheirMajorVersion() {
    assertThat(Topics.ALL).extracting(TopicSpec::name).doesNotHaveDuplicates();
    assertThat(Topics.ALL).allSatisfy(t -> assertThat(t.name()).matches("learnpulse\\..+\\.v\\d+"));
  }

  @Test
  void everyTopicReadByAConsumerGroupHasADeadLetterTopicNamedAfterIt() {
    // Session revocations are read whole by every ingest replica, which skips (and counts) a
    // record it cannot read: there is no consumer that could park it (ADR 26).
    assertThat(Topics.ALL)
        .filteredOn(t -> t != Topics.SESSION_REVOCATION)
        .allSatisfy(t -> assertThat(t.deadLetterTopic()).contains(t.name() + ".dlt"));
  }

  @Test
  void deadLetterTopicsAreLookedUpInTheCatalogBothWays() {
    assertThat(Topics.deadLetterTopicOf(Topics.HEARTBEAT.name()))
        .isEqualTo("learnpulse.heartbeat.v1.dlt");
    assertThat(Topics.deadLetterSource("learnpulse.activity.v1.dlt")).contains(Topics.ACTIVITY);
    assertThat(Topics.deadLetterSource(Topics.ACTIVITY.name())).isEmpty();
    assertThat(Topics.byName("learnpulse.topic-status.v1")).contains(Topics.TOPIC_STATUS);
    assertThatThrownBy(() -> Topics.deadLetterTopicOf("not.in.the.catalog.v1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not.in.the.catalog.v1");
  }

  @Test
  void currentStateTopicsAreCompactedAndEventTopicsExpire() {
    assertThat(Topics.ASSIGNMENT.configs()).containsEntry("cleanup.policy", "compact");
    assertThat(Topics.TOPIC_STATUS.configs()).containsEntry("cleanup.policy", "compact");
    assertThat(Topics.HEARTBEAT.configs())
        .containsEntry("cleanup.policy", "delete")
        .containsEntry("retention.ms", Long.toString(Duration.ofDays(2).toMillis()));
  }

  @Test
  void onlyTheActivityTopicCarriesSeveralRecordTypes() {
    assertThat(Topics.ALL)
        .filteredOn(TopicSpec::multipleValueTypes)
        .containsExactly(Topics.ACTIVITY);
  }

  @Test
  void sessionRevocationsAreCompactedAndDeletedAfterAnyTokenExpired() {
    assertThat(Topics.SESSION_REVOCATION.configs())
        .containsEntry("cleanup.policy", "compact,delete")
        .containsEntry(
            "retention.ms", Long.toString(Topics.SESSION_REVOCATION_RETENTION.toMillis()));
    assertThat(Topics.SESSION_REVOCATION_RETENTION).isGreaterThan(Duration.ofHours(13));
    assertThat(Topics.SESSION_REVOCATION.deadLetterTopic()).isEmpty();
  }

  @Test
  void aCompactedTopicCannotAlsoHaveARetentionTime() {
    assertThatThrownBy(
            () ->
                new TopicSpec(
                    "x.v1",
                    String.class,
                    List.of(Heartbeat.class),
                    1,
                    TopicSpec.Cleanup.COMPACT,
                    Optional.of(Duration.ofDays(1)),
                    false,
                    "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void deadLetterTopicsGetTheSourcePartitionCount() {
    assertThat(Topics.newTopics((short) 1))
        .hasSize(
            Topics.ALL.size() + (int) Topics.ALL.stream().filter(TopicSpec::deadLetter).count())
        .filteredOn(t -> t.name().equals("learnpulse.activity.v1.dlt"))
        .singleElement()
        .satisfies(t -> assertThat(t.numPartitions()).isEqualTo(Topics.ACTIVITY.partitions()));
  }

  @Test
  void topicStatusKeysJoinRegistrationAndTopic() {
    assertThat(Topics.topicStatusKey("r-1", "t-1")).isEqualTo("r-1/t-1");
  }
}

package io.learnpulse.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.learnpulse.events.v1.HintRevealed;
import org.apache.avro.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubjectNameStrategyTest {

  private static final Schema HINT = HintRevealed.getClassSchema();

  @ParameterizedTest
  @CsvSource({
    "TopicNameStrategy, false, learnpulse.activity.v1-value",
    "TopicNameStrategy, true, learnpulse.activity.v1-key",
    "io.confluent.kafka.serializers.subject.TopicNameStrategy, false, learnpulse.activity.v1-value",
    "RecordNameStrategy, false, io.learnpulse.events.v1.HintRevealed",
    "io.confluent.kafka.serializers.subject.RecordNameStrategy, true,"
        + " io.learnpulse.events.v1.HintRevealed",
    "TopicRecordNameStrategy, false, learnpulse.activity.v1-io.learnpulse.events.v1.HintRevealed",
    "TOPIC_RECORD_NAME, false, learnpulse.activity.v1-io.learnpulse.events.v1.HintRevealed",
  })
  void namesSubjectsAsConfluentDoes(String configured, boolean isKey, String expected) {
    assertThat(SubjectNameStrategy.parse(configured).subject("learnpulse.activity.v1", isKey, HINT))
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"NoSuchStrategy", "com.example.Custom"})
  void rejectsUnknownStrategiesNamingThem(String configured) {
    assertThatThrownBy(() -> SubjectNameStrategy.parse(configured))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(configured);
  }
}

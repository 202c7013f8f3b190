package io.learnpulse.deploy;

import static io.learnpulse.deploy.DeployFixtures.DEPLOY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.learnpulse.schemas.topics.TopicSpec;
import io.learnpulse.schemas.topics.Topics;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

/**
 * The Kafka Connect JDBC sink shipped for analysts ({@code deploy/analytics}) reads a catalog topic
 * with committed reads and writes only fields a JDBC sink can map to columns.
 */
class AnalyticsConfigTest {

  /** Avro types Confluent's JDBC sink writes to a column (records, arrays and maps it cannot). */
  static final Set<Schema.Type> COLUMN_TYPES =
      EnumSet.of(
          Schema.Type.STRING,
          Schema.Type.BOOLEAN,
          Schema.Type.INT,
          Schema.Type.LONG,
          Schema.Type.FLOAT,
          Schema.Type.DOUBLE,
          Schema.Type.BYTES,
          Schema.Type.ENUM);

  @Test
  void jdbcSinkReadsACatalogTopicCommittedAndWritesOnlyColumnTypes() throws IOException {
    JsonNode config =
        DeployFixtures.JSON
            .readTree(DEPLOY.resolve("analytics/jdbc-sink-topic-status.json").toFile())
            .path("config");
    String topicName = config.path("topics").asText();
    TopicSpec topic =
        Topics.ALL.stream().filter(t -> t.name().equals(topicName)).findFirst().orElseThrow();

    assertThat(config.path("connector.class").asText())
        .isEqualTo("io.confluent.connect.jdbc.JdbcSinkConnector");
    assertThat(config.path("value.converter").asText())
        .isEqualTo("io.confluent.connect.avro.AvroConverter");
    assertThat(config.path("key.converter").asText())
        .isEqualTo("org.apache.kafka.connect.storage.StringConverter");
    assertThat(config.path("consumer.override.isolation.level").asText())
        .isEqualTo("read_committed");
    assertThat(config.path("value.converter.schema.registry.url").asText()).startsWith("http");
    assertThat(config.path("connection.password").asText()).startsWith("${file:");
    assertThat(topic.valueTypes()).hasSize(1);
    if (topic.cleanup() == TopicSpec.Cleanup.COMPACT) {
      assertThat(config.path("pk.mode").asText()).isEqualTo("record_key");
      assertThat(config.path("delete.enabled").asText()).isEqualTo("true");
    }

    Schema value = SpecificData.get().getSchema(topic.valueTypes().get(0));
    List<String> excluded =
        List.of(config.path("transforms.dropChallenges.exclude").asText().split(","));
    for (String field : excluded) {
      assertThat(value.getField(field)).as("excluded field %s exists", field).isNotNull();
    }
    for (Schema.Field field : value.getFields()) {
      if (!excluded.contains(field.name())) {
        assertThat(COLUMN_TYPES)
            .as("%s is a column type", field.name())
            .contains(columnType(field.schema()));
      }
    }
  }

  private static Schema.Type columnType(Schema schema) {
    if (schema.getType() == Schema.Type.UNION) {
      List<Schema> types =
          schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
      assertThat(types).as("an optional value of one type").hasSize(1);
      return types.get(0).getType();
    }
    return schema.getType();
  }
}

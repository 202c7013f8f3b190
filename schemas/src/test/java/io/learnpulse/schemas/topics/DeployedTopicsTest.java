package io.learnpulse.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** The Strimzi topics in {@code deploy/kafka/topics.yaml} are exactly the catalog's. */
class DeployedTopicsTest {

  private static final Path TOPICS_YAML = Path.of("..", "deploy", "kafka", "topics.yaml");

  @Test
  void strimziTopicsMatchTheCatalog() throws IOException {
    Map<String, JsonNode> deployed = new HashMap<>();
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    try (YAMLParser parser = new YAMLFactory().createParser(TOPICS_YAML.toFile())) {
      yaml.readValues(parser, ObjectNode.class)
          .forEachRemaining(
              doc -> deployed.put(doc.path("spec").path("topicName").asText(), doc.path("spec")));
    }

    assertThat(deployed.keySet())
        .containsExactlyInAnyOrderElementsOf(
            Topics.newTopics((short) 1).stream().map(NewTopic::name).toList());
    for (NewTopic topic : Topics.newTopics((short) 1)) {
      JsonNode spec = deployed.get(topic.name());
      assertThat(spec.path("partitions").asInt()).as(topic.name()).isEqualTo(topic.numPartitions());
      topic
          .configs()
          .forEach(
              (key, value) ->
                  assertThat(spec.path("config").path(key).asText())
                      .as(topic.name() + " " + key)
                      .isEqualTo(value));
    }
  }
}

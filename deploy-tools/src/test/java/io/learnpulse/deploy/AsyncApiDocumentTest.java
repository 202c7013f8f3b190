package io.learnpulse.deploy;

import static io.learnpulse.deploy.DeployFixtures.REPO;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.learnpulse.schemas.serde.SubjectNameStrategy;
import io.learnpulse.schemas.topics.CatalogSchemas;
import io.learnpulse.schemas.topics.TopicSpec;
import io.learnpulse.schemas.topics.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/asyncapi.yaml} is the AsyncAPI 3 description of the topic catalog: one channel per
 * topic and dead-letter topic, one message per Avro record type with its schema, Kafka bindings
 * from the catalog. It is generated from the catalog: this test fails when the file differs from
 * what the catalog gives (regenerate with {@code -Dasyncapi.write=true}), and the AsyncAPI parser
 * (with its Avro schema parser) must accept it.
 */
class AsyncApiDocumentTest {

  static final Path DOCUMENT = REPO.resolve("docs/asyncapi.yaml");
  static final String AVRO_FORMAT = "application/vnd.apache.avro+json;version=1.9.0";

  @Test
  void documentIsTheOneTheCatalogGives() throws JsonProcessingException {
    String expected =
        "# Generated from the topic catalog (io.learnpulse.schemas.topics.Topics) and its Avro\n"
            + "# schemas by deploy-tools' AsyncApiDocumentTest: do not edit, regenerate with\n"
            + "#   ./mvnw -pl deploy-tools -am verify -Dtest=AsyncApiDocumentTest -Dasyncapi.write=true\n"
            + DeployFixtures.YAML.writeValueAsString(generate()).replaceFirst("^---\n", "");
    if (Boolean.getBoolean("asyncapi.write")) {
      DeployFixtures.write(DOCUMENT, expected);
    }

    assertThat(DeployFixtures.read(DOCUMENT)).isEqualTo(expected);
  }

  @Test
  void channelsAreExactlyTheCatalogsTopicsAndMessagesItsRecordTypes() {
    JsonNode document = DeployFixtures.documents(DOCUMENT).get(0);
    List<String> addresses = document.path("channels").findValuesAsText("address");
    List<String> topics =
        Topics.ALL.stream()
            .flatMap(
                t ->
                    java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(t.name()), t.deadLetterTopic().stream()))
            .toList();

    assertThat(addresses).containsExactlyInAnyOrderElementsOf(topics);
    for (TopicSpec topic : Topics.ALL) {
      for (Class<? extends SpecificRecord> type : topic.valueTypes()) {
        JsonNode message = document.at("/components/messages/" + type.getSimpleName());
        Schema schema = new Schema.Parser().parse(message.at("/payload/schema").toString());
        assertThat(schema).isEqualTo(SpecificData.get().getSchema(type));
      }
    }
  }

  @Test
  void asyncApiParserAcceptsTheDocument() {
    DeployFixtures.Result result = DeployFixtures.validate("asyncapi", List.of(DOCUMENT));

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("1 passed, 0 failed");
  }

  static ObjectNode generate() {
    ObjectNode root = DeployFixtures.JSON.createObjectNode();
    root.put("asyncapi", "3.0.0");
    root.putObject("info")
        .put("title", "LearnPulse events")
        .put("version", System.getProperty("project.version"))
        .put(
            "description",
            "The Kafka topics of LearnPulse: keys are UTF-8 strings, values Avro in Confluent's wire"
                + " format (magic byte 0, 4-byte schema id, Avro binary). Topics written in Kafka"
                + " transactions are read with isolation.level=read_committed (docs/analytics.md).");
    root.putObject("servers")
        .putObject("production")
        .put("host", "learnpulse-kafka-bootstrap.kafka.svc:9093")
        .put("protocol", "kafka-secure")
        .put(
            "description", "Strimzi's TLS listener, SCRAM-SHA-512 users (deploy/kafka/users.yaml)");
    ObjectNode channels = root.putObject("channels");
    ObjectNode messages = DeployFixtures.JSON.createObjectNode();
    for (TopicSpec topic : Topics.ALL) {
      String id = camel(topic.name().replace("learnpulse.", "").replace(".v1", ""));
      ObjectNode channel = channel(channels.putObject(id), topic, topic.name(), topic.doc());
      for (Class<? extends SpecificRecord> type : topic.valueTypes()) {
        String name = type.getSimpleName();
        channel.with("messages").putObject(name).put("$ref", "#/components/messages/" + name);
        messages.set(name, message(topic, type));
      }
      topic
          .deadLetterTopic()
          .ifPresent(
              dlt -> {
                ObjectNode dead =
                    channel(
                        channels.putObject(id + "DeadLetters"),
                        topic,
                        dlt,
                        "Records of "
                            + topic.name()
                            + " a consumer could not process, with headers"
                            + " naming the cause (docs/operations.md, dead-letter replay).");
                channel
                    .path("messages")
                    .fieldNames()
                    .forEachRemaining(
                        name ->
                            dead.with("messages")
                                .putObject(name)
                                .put("$ref", "#/components/messages/" + name));
                Map<String, String> configs = new TreeMap<>(topic.deadLetterConfigs());
                ObjectNode config =
                    dead.with("bindings").with("kafka").putObject("topicConfiguration");
                configs.forEach((k, v) -> putConfig(config, k, v));
              });
    }
    root.putObject("components").set("messages", messages);
    return root;
  }

  private static ObjectNode channel(
      ObjectNode channel, TopicSpec topic, String address, String doc) {
    channel.put("address", address).put("description", doc);
    channel.putObject("messages");
    ObjectNode kafka = channel.putObject("bindings").putObject("kafka");
    kafka.put("topic", address).put("partitions", topic.partitions());
    ObjectNode config = kafka.putObject("topicConfiguration");
    new TreeMap<>(topic.configs()).forEach((k, v) -> putConfig(config, k, v));
    kafka.put("bindingVersion", "0.5.0");
    return channel;
  }

  private static void putConfig(ObjectNode config, String key, String value) {
    switch (key) {
      case "cleanup.policy" -> {
        var policies = config.putArray(key);
        for (String policy : value.split(",")) {
          policies.add(policy);
        }
      }
      case "retention.ms" -> config.put(key, Long.parseLong(value));
      default -> {
        // The Kafka channel binding names only some topic configs.
      }
    }
  }

  private static ObjectNode message(TopicSpec topic, Class<? extends SpecificRecord> type) {
    Schema schema = SpecificData.get().getSchema(type);
    ObjectNode message = DeployFixtures.JSON.createObjectNode();
    message.put("name", type.getSimpleName()).put("title", schema.getFullName());
    if (schema.getDoc() != null) {
      message.put("summary", schema.getDoc());
    }
    message.put("contentType", "application/vnd.apache.avro+binary");
    ObjectNode payload = message.putObject("payload");
    payload.put("schemaFormat", AVRO_FORMAT);
    try {
      payload.set("schema", DeployFixtures.JSON.readTree(schema.toString()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    SubjectNameStrategy strategy = CatalogSchemas.valueStrategy(topic);
    ObjectNode kafka = message.putObject("bindings").putObject("kafka");
    kafka.putObject("key").put("type", "string");
    kafka
        .put("schemaIdLocation", "payload")
        .put("schemaIdPayloadEncoding", "confluent")
        .put(
            "schemaLookupStrategy",
            strategy == SubjectNameStrategy.TOPIC_RECORD_NAME
                ? "TopicRecordNameStrategy"
                : "TopicNameStrategy")
        .put("bindingVersion", "0.5.0");
    return message;
  }

  private static String camel(String dashed) {
    StringBuilder out = new StringBuilder();
    boolean upper = false;
    for (char c : dashed.toCharArray()) {
      if (c == '-') {
        upper = true;
      } else {
        out.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return out.toString();
  }
}

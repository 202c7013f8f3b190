package io.learnpulse.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.learnpulse.events.v1.CompletionStatus;
import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.infra.Infrastructure;
import io.learnpulse.infra.junit.LearnPulseInfrastructure;
import io.learnpulse.schemas.registry.RestSchemaRegistryClient;
import io.learnpulse.schemas.samples.WorkedExample;
import io.learnpulse.schemas.serde.AvroDeserializer;
import io.learnpulse.schemas.serde.AvroSerdeConfig;
import io.learnpulse.schemas.serde.AvroSerializer;
import io.learnpulse.schemas.topics.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Interoperability of our registry server, client and serde with an independent peer: Confluent's
 * official JavaScript client ({@code @confluentinc/schemaregistry}, from npm), run by node.
 */
@LearnPulseInfrastructure
class RegistryInteropIT {

  private static final String TOPIC = Topics.TOPIC_STATUS.name();
  private static final String SUBJECT = TOPIC + "-value";

  private RestSchemaRegistryClient registry;
  private AvroSerdeConfig config;

  @BeforeEach
  void connect(Infrastructure infrastructure) {
    registry = RestSchemaRegistryClient.of(infrastructure.schemaRegistryUrl());
    config =
        AvroSerdeConfig.from(
            Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL,
                infrastructure.schemaRegistryUrl(),
                AvroSerdeConfig.SPECIFIC_AVRO_READER,
                "true"));
    registry.register(SUBJECT, TopicStatus.getClassSchema());
  }

  @Test
  void confluentsClientRegistersAndReadsSchemasOnOurRegistry(Infrastructure infrastructure)
      throws Exception {
    String subject = "interop-" + UUID.randomUUID();
    String schema =
        "{\"type\":\"record\",\"name\":\"Probe\",\"namespace\":\"interop\",\"fields\":"
            + "[{\"name\":\"value\",\"type\":\"string\"}]}";

    JsonNode answer = node("register", infrastructure.schemaRegistryUrl(), subject, schema);

    int id = answer.path("id").asInt();
    assertThat(id).isPositive();
    assertThat(new Schema.Parser().parse(answer.path("byId").asText()))
        .isEqualTo(new Schema.Parser().parse(schema));
    assertThat(answer.path("latestId").asInt()).isEqualTo(id);
    assertThat(answer.path("latestVersion").asInt()).isEqualTo(1);
    assertThat(answer.path("subjects").toString()).contains(subject);
    assertThat(registry.latest(subject).id()).as("what our client sees").isEqualTo(id);
  }

  @Test
  void confluentsClientDecodesARecordOurSerializerWrote(Infrastructure infrastructure)
      throws Exception {
    TopicStatus status = sampleStatus();
    byte[] bytes =
        new AvroSerializer<TopicStatus>(registry, config, false).serialize(TOPIC, status);

    JsonNode value =
        node(
                "decode",
                infrastructure.schemaRegistryUrl(),
                TOPIC,
                Base64.getEncoder().encodeToString(bytes))
            .path("value");

    assertThat(value.path("registrationId").asText())
        .isEqualTo(status.getRegistrationId().toString());
    assertThat(value.path("topicId").asText()).isEqualTo("injection");
    assertThat(value.path("completionStatus").asText()).isEqualTo("COMPLETED");
    assertThat(value.path("rawScore").toString()).contains("87.5");
    assertThat(value.path("challenges")).hasSize(2);
  }

  @Test
  void ourDeserializerDecodesARecordConfluentsClientWrote(Infrastructure infrastructure)
      throws Exception {
    UUID registration = UUID.randomUUID();
    long updatedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).toEpochMilli();
    String value =
        "{\"tenantId\":\"acme\",\"learnerId\":\"l-1\",\"registrationId\":\""
            + registration
            + "\",\"assignmentId\":\"a-1\",\"topicId\":\"injection\",\"policyVersion\":3,"
            + "\"finished\":false,\"passed\":false,\"completionStatus\":\"INCOMPLETE\","
            + "\"successStatus\":\"UNKNOWN\",\"lessonStatus\":\"INCOMPLETE\","
            + "\"rawScore\":75.0,\"scaledScore\":0.75,\"challenges\":[],\"updatedAt\":"
            + updatedAt
            + "}";

    String base64 =
        node("encode", infrastructure.schemaRegistryUrl(), TOPIC, value).path("base64").asText();
    TopicStatus read =
        new AvroDeserializer<TopicStatus>(registry, config, false)
            .deserialize(TOPIC, Base64.getDecoder().decode(base64));

    assertThat(read.getRegistrationId()).isEqualTo(registration);
    assertThat(read.getPolicyVersion()).isEqualTo(3);
    assertThat(read.getRawScore()).isEqualTo(75.0);
    assertThat(read.getCompletionStatus()).isEqualTo(CompletionStatus.INCOMPLETE);
    assertThat(read.getUpdatedAt()).isEqualTo(Instant.ofEpochMilli(updatedAt));
  }

  private static TopicStatus sampleStatus() {
    return WorkedExample.topicStatus().build();
  }

  /** Runs the node peer and returns its JSON answer, failing with its error when it fails. */
  private static JsonNode node(String... args) throws IOException, InterruptedException {
    Path dir = Path.of(System.getProperty("interop.node.dir"));
    List<String> command =
        new java.util.ArrayList<>(List.of("node", dir.resolve("interop.mjs").toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("node peer failed: %s %s", out, err).isZero();
    return Http.JSON.readTree(out);
  }
}

package io.learnpulse.ingest.api;

import static io.learnpulse.ingest.support.PlayerJson.array;
import static io.learnpulse.ingest.support.PlayerJson.challengeOpened;
import static io.learnpulse.ingest.support.PlayerJson.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.events.v1.AnswerOutcome;
import io.learnpulse.events.v1.AnswerReviewed;
import io.learnpulse.events.v1.AnswerSubmitted;
import io.learnpulse.events.v1.ChallengeOpened;
import io.learnpulse.events.v1.EventMetadata;
import io.learnpulse.events.v1.Heartbeat;
import io.learnpulse.events.v1.HintRevealed;
import io.learnpulse.events.v1.ReviewOutcome;
import io.learnpulse.events.v1.ScormVersion;
import io.learnpulse.events.v1.SessionResumed;
import io.learnpulse.events.v1.SessionSuspended;
import io.learnpulse.events.v1.SessionTerminated;
import io.learnpulse.events.v1.StepReached;
import io.learnpulse.infra.Infrastructure;
import io.learnpulse.ingest.support.SharedKafkaTest;
import io.learnpulse.ingest.support.TestSession;
import io.learnpulse.schemas.registry.RegisteredSchema;
import io.learnpulse.schemas.registry.RestSchemaRegistryClient;
import io.learnpulse.schemas.serde.WireFormat;
import io.learnpulse.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * Accepted requests end up on the real broker as the contract says: on the catalog topic for their
 * kind, keyed by the registration id, with the {@code ce_*} headers, and a Confluent-wire-format
 * value whose schema id the registry knows under the topic's subject, decoding with the project's
 * deserializer to the request's facts stamped with the token's.
 */
class AcceptedEventsIT extends SharedKafkaTest {

  private final TestSession session = TestSession.fresh();
  private final RestSchemaRegistryClient registry =
      RestSchemaRegistryClient.of(Infrastructure.shared().schemaRegistryUrl());

  @Test
  void storesASingleEventOnTheActivityTopicKeyedByRegistration() {
    UUID id = UUID.randomUUID();
    String body = challengeOpened(id, 7, "challenge-1");
    Instant occurredAt = Instant.parse(body.replaceAll(".*\"occurredAt\": \"([^\"]+)\".*", "$1"));
    Map<TopicPartition, Long> before = topics.endOffsets();
    Instant sent = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    post(session, session.eventsPath(), MediaType.APPLICATION_JSON, body)
        .expectStatus()
        .isAccepted()
        .expectBody()
        .json("{\"accepted\": [\"" + id + "\"]}");

    List<ConsumerRecord<String, byte[]>> records = topics.recordsSince(before);
    assertThat(records).hasSize(1);
    ConsumerRecord<String, byte[]> record = records.get(0);
    assertThat(record.topic()).isEqualTo(Topics.ACTIVITY.name());
    assertThat(record.key()).isEqualTo(session.registrationId().toString());
    assertThat(headers(record))
        .containsExactly(
            Map.entry("ce_id", id.toString()),
            Map.entry("ce_type", "io.learnpulse.ChallengeOpened"),
            Map.entry("ce_source", "ingest-service"),
            Map.entry("ce_time", occurredAt.truncatedTo(ChronoUnit.MILLIS).toString()),
            Map.entry("ce_specversion", "1.0"));
    assertSchemaIsRegisteredAs(
        record,
        "learnpulse.activity.v1-io.learnpulse.events.v1.ChallengeOpened",
        ChallengeOpened.class);

    ChallengeOpened value = (ChallengeOpened) topics.decode(record);
    assertMetadata(value.getMetadata(), id, 7);
    assertThat(value.getMetadata().getOccurredAt())
        .isEqualTo(occurredAt.truncatedTo(ChronoUnit.MILLIS));
    assertThat(value.getMetadata().getReceivedAt()).isBetween(sent, Instant.now());
    assertThat(value.getAssignmentId()).isEqualTo(session.assignmentId());
    assertThat(value.getTopicId()).isEqualTo(session.topicId());
    assertThat(value.getChallengeId()).isEqualTo("challenge-1");
  }

  @Test
  void storesABatchOfEveryTypeInRequestOrderOnOnePartition() {
    Instant now = Instant.now();
    UUID[] ids = new UUID[8];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = UUID.randomUUID();
    }
    String body =
        array(
            event(ids[0], 1, now, "session.resumed", ""),
            event(ids[1], 2, now, "challenge.opened", ", \"challengeId\": \"c-1\""),
            event(ids[2], 3, now, "step.reached", ", \"challengeId\": \"c-1\", \"step\": 2"),
            event(ids[3], 4, now, "hint.revealed", ", \"challengeId\": \"c-1\", \"hintIndex\": 0"),
            event(
                ids[4],
                5,
                now,
                "answer.submitted",
                ", \"challengeId\": \"c-1\", \"answerId\": \"a-1\", \"outcome\": \"pending_review\""),
            event(
                ids[5],
                6,
                now,
                "answer.reviewed",
                ", \"challengeId\": \"c-1\", \"answerId\": \"a-1\", \"outcome\": \"correct\""),
            event(ids[6], 7, now, "session.suspended", ""),
            event(ids[7], 8, now, "session.terminated", ""));
    Map<TopicPartition, Long> before = topics.endOffsets();

    post(session, session.eventsPath(), MediaType.APPLICATION_JSON, body)
        .expectStatus()
        .isAccepted()
        .expectBody()
        .jsonPath("$.accepted")
        .isEqualTo(List.of(ids).stream().map(UUID::toString).toList());

    List<ConsumerRecord<String, byte[]>> records = topics.recordsSince(before);
    assertThat(records).hasSize(8);
    assertThat(records).extracting(ConsumerRecord::topic).containsOnly(Topics.ACTIVITY.name());
    assertThat(records)
        .extracting(ConsumerRecord::key)
        .containsOnly(session.registrationId().toString());
    assertThat(records)
        .extracting(ConsumerRecord::partition)
        .containsOnly(records.get(0).partition());
    List<SpecificRecord> values = records.stream().map(topics::decode).toList();
    assertThat(values)
        .extracting(v -> v.getClass().getSimpleName())
        .containsExactly(
            "SessionResumed",
            "ChallengeOpened",
            "StepReached",
            "HintRevealed",
            "AnswerSubmitted",
            "AnswerReviewed",
            "SessionSuspended",
            "SessionTerminated");
    for (int i = 0; i < records.size(); i++) {
      Class<?> type = values.get(i).getClass();
      assertSchemaIsRegisteredAs(records.get(i), "learnpulse.activity.v1-" + type.getName(), type);
      assertThat(headers(records.get(i)))
          .containsEntry("ce_id", ids[i].toString())
          .containsEntry("ce_type", "io.learnpulse." + values.get(i).getSchema().getName());
      assertMetadata((EventMetadata) values.get(i).get(0), ids[i], i + 1);
    }
    assertThat(((SessionResumed) values.get(0)).getScormVersion())
        .isEqualTo(ScormVersion.SCORM_2004_4TH);
    StepReached step = (StepReached) values.get(2);
    assertThat(step.getStep()).isEqualTo(2);
    assertThat(step.getLast()).isFalse();
    assertThat(((HintRevealed) values.get(3)).getHintIndex()).isZero();
    AnswerSubmitted submitted = (AnswerSubmitted) values.get(4);
    assertThat(submitted.getAnswerId()).isEqualTo("a-1");
    assertThat(submitted.getOutcome()).isEqualTo(AnswerOutcome.PENDING_REVIEW);
    assertThat(((AnswerReviewed) values.get(5)).getOutcome()).isEqualTo(ReviewOutcome.CORRECT);
    assertThat(((SessionSuspended) values.get(6)).getTopicId()).isEqualTo(session.topicId());
    assertThat(((SessionTerminated) values.get(7)).getAssignmentId())
        .isEqualTo(session.assignmentId());
  }

  @Test
  void storesAHeartbeatOnTheHeartbeatTopic() {
    UUID id = UUID.randomUUID();
    Map<TopicPartition, Long> before = topics.endOffsets();

    post(session, session.heartbeatsPath(), MediaType.APPLICATION_JSON, heartbeat(id, 3, 30_000))
        .expectStatus()
        .isAccepted()
        .expectBody()
        .json("{\"accepted\": [\"" + id + "\"]}");

    List<ConsumerRecord<String, byte[]>> records = topics.recordsSince(before);
    assertThat(records).hasSize(1);
    ConsumerRecord<String, byte[]> record = records.get(0);
    assertThat(record.topic()).isEqualTo(Topics.HEARTBEAT.name());
    assertThat(record.key()).isEqualTo(session.registrationId().toString());
    assertThat(headers(record))
        .containsEntry("ce_id", id.toString())
        .containsEntry("ce_type", "io.learnpulse.Heartbeat")
        .containsEntry("ce_source", "ingest-service")
        .containsEntry("ce_specversion", "1.0")
        .containsKey("ce_time");
    assertSchemaIsRegisteredAs(record, "learnpulse.heartbeat.v1-value", Heartbeat.class);
    Heartbeat value = (Heartbeat) topics.decode(record);
    assertMetadata(value.getMetadata(), id, 3);
    assertThat(value.getAssignmentId()).isEqualTo(session.assignmentId());
    assertThat(value.getActiveMillis()).isEqualTo(30_000);
    assertThat(value.getBookmark().getTopicId()).isEqualTo(session.topicId());
    assertThat(value.getBookmark().getChallengeId()).isEqualTo("c-1");
    assertThat(value.getBookmark().getStep()).isEqualTo(2);
    assertThat(value.getBookmark().getRevealedHints()).containsExactly(0);
    assertThat(value.getBookmark().getPendingAnswerId()).isNull();
  }

  @Test
  void storesBeaconEventsWithTheBodyTokensSession() {
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();
    String events =
        array(
            challengeOpened(first, 10, "c-9"),
            event(second, 11, Instant.now(), "session.suspended", ""));
    Map<TopicPartition, Long> before = topics.endOffsets();

    client
        .post()
        .uri(session.beaconPath())
        .contentType(MediaType.TEXT_PLAIN)
        .bodyValue("{\"token\": \"" + ISSUER.token(session) + "\", \"events\": " + events + "}")
        .exchange()
        .expectStatus()
        .isAccepted()
        .expectBody()
        .json("{\"accepted\": [\"" + first + "\", \"" + second + "\"]}");

    List<ConsumerRecord<String, byte[]>> records = topics.recordsSince(before);
    assertThat(records).hasSize(2);
    assertThat(records)
        .extracting(ConsumerRecord::key)
        .containsOnly(session.registrationId().toString());
    assertSchemaIsRegisteredAs(
        records.get(0),
        "learnpulse.activity.v1-io.learnpulse.events.v1.ChallengeOpened",
        ChallengeOpened.class);
    assertSchemaIsRegisteredAs(
        records.get(1),
        "learnpulse.activity.v1-io.learnpulse.events.v1.SessionSuspended",
        SessionSuspended.class);
    ChallengeOpened opened = (ChallengeOpened) topics.decode(records.get(0));
    assertMetadata(opened.getMetadata(), first, 10);
    assertThat(opened.getChallengeId()).isEqualTo("c-9");
    SessionSuspended suspended = (SessionSuspended) topics.decode(records.get(1));
    assertMetadata(suspended.getMetadata(), second, 11);
  }

  private void assertMetadata(EventMetadata metadata, UUID id, long seq) {
    assertThat(metadata.getEventId()).isEqualTo(id);
    assertThat(metadata.getSequence()).isEqualTo(seq);
    assertThat(metadata.getTenantId()).isEqualTo(session.tenantId());
    assertThat(metadata.getLearnerId()).isEqualTo(session.learnerId());
    assertThat(metadata.getRegistrationId()).isEqualTo(session.registrationId());
    assertThat(metadata.getSessionId()).isEqualTo(session.sessionId());
    assertThat(metadata.getProducer()).isEqualTo("ingest-service");
  }

  /**
   * The value is framed in the Confluent wire format, and its schema id is the one the registry
   * holds for {@code subject} (asked afresh, not from the service's cache).
   */
  private void assertSchemaIsRegisteredAs(
      ConsumerRecord<String, byte[]> record, String subject, Class<?> recordType) {
    assertThat(record.value()[0]).isEqualTo(WireFormat.MAGIC_BYTE);
    int id = WireFormat.schemaId(record.value());
    Schema writer = registry.schemaById(id);
    assertThat(writer.getFullName()).isEqualTo(recordType.getName());
    RegisteredSchema registered = registry.lookup(subject, writer);
    assertThat(registered.subject()).isEqualTo(subject);
    assertThat(registered.id()).isEqualTo(id);
  }

  private static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Header header : record.headers()) {
      headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    return headers;
  }

  private static String event(UUID id, long seq, Instant at, String type, String fields) {
    return "{\"id\": \"%s\", \"seq\": %d, \"type\": \"%s\", \"occurredAt\": \"%s\"%s}"
        .formatted(id, seq, type, at, fields);
  }
}

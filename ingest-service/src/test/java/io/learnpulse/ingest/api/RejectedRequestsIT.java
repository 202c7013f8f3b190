package io.learnpulse.ingest.api;

import static io.learnpulse.ingest.support.PlayerJson.array;
import static io.learnpulse.ingest.support.PlayerJson.challengeOpened;
import static io.learnpulse.ingest.support.PlayerJson.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.LIST;

import io.learnpulse.ingest.support.SharedKafkaTest;
import io.learnpulse.ingest.support.TestSession;
import io.learnpulse.schemas.wire.EventLimits;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/**
 * Client mistakes are answered 4xx problem+json naming the field, never 500, and never reach Kafka:
 * the service runs against the real shared broker, and every rejected request leaves the end
 * offsets of the activity and heartbeat topics where they were.
 */
@TestPropertySource(
    properties = {"learnpulse.ingest.max-batch-size=5", "learnpulse.ingest.max-body-size=8KB"})
class RejectedRequestsIT extends SharedKafkaTest {

  private final TestSession session = TestSession.fresh();
  private Map<TopicPartition, Long> endOffsets;

  @BeforeEach
  void recordEndOffsets() {
    endOffsets = topics.endOffsets();
  }

  @AfterEach
  void nothingWasWritten() {
    assertThat(topics.endOffsets())
        .as("end offsets of the activity and heartbeat topics after rejected requests")
        .isEqualTo(endOffsets);
  }

  private WebTestClient.ResponseSpec post(String path, MediaType type, String body) {
    return post(session, path, type, body);
  }

  private WebTestClient.BodyContentSpec expectProblem(
      WebTestClient.ResponseSpec response, int status, String type) {
    return expectProblem(response, status, type, session.eventsPath());
  }

  private WebTestClient.BodyContentSpec expectProblem(
      WebTestClient.ResponseSpec response, int status, String type, String instance) {
    return response
        .expectStatus()
        .isEqualTo(status)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:learnpulse:problem:" + type)
        .jsonPath("$.status")
        .isEqualTo(status)
        .jsonPath("$.instance")
        .isEqualTo(instance);
  }

  @Test
  void malformedJsonIs400() {
    expectProblem(
        post(session.eventsPath(), MediaType.APPLICATION_JSON, "{\"id\": "), 400, "malformed-json");
    expectProblem(
        post(session.eventsPath(), MediaType.APPLICATION_JSON, "{\"id\": 1, \"id\": 2}"),
        400,
        "malformed-json");
    expectProblem(
        post(session.eventsPath(), MediaType.APPLICATION_JSON, "{} {}"), 400, "malformed-json");
  }

  @Test
  void oneBadItemRejectsTheBatchWithPerItemErrors() {
    String good = challengeOpened(UUID.randomUUID(), 1, "c-1");
    String bad =
        """
        {"id": "%s", "seq": 2, "type": "challenge.opened", "occurredAt": "%s"}
        """
            .formatted(UUID.randomUUID(), Instant.now());

    expectProblem(
            post(session.eventsPath(), MediaType.APPLICATION_JSON, array(good, bad)),
            400,
            "invalid-body")
        .jsonPath("$.errors.length()")
        .isEqualTo(1)
        .jsonPath("$.errors[0].pointer")
        .isEqualTo("/1/challengeId")
        .jsonPath("$.errors[0].reason")
        .isEqualTo("missing");
  }

  @Test
  void illTypedFieldsUnknownTypesAndBadUuidsAre400() {
    String body =
        array(
            """
            {"id": "%s", "seq": "1", "type": "challenge.opened", "occurredAt": "%s", "challengeId": 5}
            """
                .formatted(UUID.randomUUID(), Instant.now()),
            """
            {"id": "%s", "seq": 1, "type": "video.played", "occurredAt": "%s"}
            """
                .formatted(UUID.randomUUID(), Instant.now()),
            """
            {"id": "zzz", "seq": 1, "type": "session.suspended", "occurredAt": "%s"}
            """
                .formatted(Instant.now()));

    expectProblem(post(session.eventsPath(), MediaType.APPLICATION_JSON, body), 400, "invalid-body")
        .jsonPath("$.errors[*].pointer")
        .value(
            pointers ->
                assertThat(pointers)
                    .asInstanceOf(LIST)
                    .containsExactlyInAnyOrder("/0/seq", "/0/challengeId", "/1/type", "/2/id"));
  }

  @Test
  void negativeNumbersAndFutureTimesAre422() {
    String body =
        array(
            """
            {"id": "%s", "seq": -4, "type": "step.reached", "occurredAt": "%s",
             "challengeId": "c", "step": -1}
            """
                .formatted(UUID.randomUUID(), Instant.now()),
            """
            {"id": "%s", "seq": 1, "type": "session.suspended", "occurredAt": "%s"}
            """
                .formatted(UUID.randomUUID(), Instant.now().plusSeconds(3600)));

    expectProblem(post(session.eventsPath(), MediaType.APPLICATION_JSON, body), 422, "invalid-body")
        .jsonPath("$.errors[*].reason")
        .value(
            reasons ->
                assertThat(reasons)
                    .asInstanceOf(LIST)
                    .containsExactlyInAnyOrder("out_of_range", "out_of_range", "in_future"));
  }

  @Test
  void aBatchOverTheLimitIs413() {
    String[] events = new String[6];
    for (int i = 0; i < events.length; i++) {
      events[i] = challengeOpened(UUID.randomUUID(), i, "c");
    }

    expectProblem(
        post(session.eventsPath(), MediaType.APPLICATION_JSON, array(events)),
        413,
        "batch-too-large");
  }

  @Test
  void aBodyOverTheLimitIs413WhetherDeclaredOrStreamed() {
    String padding = String.join("", Collections.nCopies(9 * 1024, " "));
    String body = "[" + padding + challengeOpened(UUID.randomUUID(), 1, "c") + "]";

    expectProblem(
        post(session.eventsPath(), MediaType.APPLICATION_JSON, body), 413, "body-too-large");
    expectProblem(
        client
            .post()
            .uri(session.eventsPath())
            .header("Authorization", "Bearer " + ISSUER.token(session))
            .contentType(MediaType.APPLICATION_JSON)
            .body(Flux.just(body.substring(0, 4000), body.substring(4000)), String.class)
            .exchange(),
        413,
        "body-too-large");
  }

  @Test
  void anUnsupportedMediaTypeIs415() {
    expectProblem(
            post(session.eventsPath(), MediaType.APPLICATION_XML, "<event/>"),
            415,
            "unsupported-media-type")
        .jsonPath("$.detail")
        .isEqualTo("Content-Type must be application/json");
    expectProblem(
        post(
            session.eventsPath(),
            MediaType.parseMediaType("application/json;charset=ISO-8859-1"),
            challengeOpened(UUID.randomUUID(), 1, "c")),
        415,
        "unsupported-media-type");
  }

  @Test
  void heartbeatsAreValidatedTheSameWay() {
    client
        .post()
        .uri(session.heartbeatsPath())
        .header("Authorization", "Bearer " + ISSUER.token(session))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(
            """
            {"id": "%s", "seq": 1, "occurredAt": "%s", "activeMillis": -1,
             "bookmark": {"topicId": "another-topic"}}
            """
                .formatted(UUID.randomUUID(), Instant.now()))
        .exchange()
        .expectStatus()
        .isEqualTo(422)
        .expectBody()
        .jsonPath("$.errors[*].pointer")
        .value(
            pointers ->
                assertThat(pointers)
                    .asInstanceOf(LIST)
                    .containsExactlyInAnyOrder("/activeMillis", "/bookmark/topicId"));
  }

  @Test
  void beaconErrorsPointIntoTheEventsMember() {
    client
        .post()
        .uri(session.beaconPath())
        .contentType(MediaType.TEXT_PLAIN)
        .bodyValue(
            "{\"token\": \""
                + ISSUER.token(session)
                + "\", \"events\": [{\"id\": \"x\", \"seq\": 1, \"type\": \"session.suspended\","
                + " \"occurredAt\": \""
                + Instant.now()
                + "\"}]}")
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors[0].pointer")
        .isEqualTo("/events/0/id");
  }

  @Test
  void anEmptyBodyIs400() {
    expectProblem(
        client
            .post()
            .uri(session.eventsPath())
            .header("Authorization", "Bearer " + ISSUER.token(session))
            .contentType(MediaType.APPLICATION_JSON)
            .exchange(),
        400,
        "malformed-json");
  }

  @Test
  void duplicateIdsAndAnEmptyBatchAre422() {
    UUID id = UUID.randomUUID();
    expectProblem(
            post(
                session.eventsPath(),
                MediaType.APPLICATION_JSON,
                array(challengeOpened(id, 1, "c"), challengeOpened(id, 2, "c"))),
            422,
            "invalid-body")
        .jsonPath("$.errors[0].reason")
        .isEqualTo("duplicate");
    expectProblem(post(session.eventsPath(), MediaType.APPLICATION_JSON, "[]"), 422, "invalid-body")
        .jsonPath("$.errors[0].reason")
        .isEqualTo("empty");
  }

  @Test
  void aCompressedBodyIs415() {
    expectProblem(
        client
            .post()
            .uri(session.eventsPath())
            .header("Authorization", "Bearer " + ISSUER.token(session))
            .header("Content-Encoding", "gzip")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(challengeOpened(UUID.randomUUID(), 1, "c"))
            .exchange(),
        415,
        "unsupported-media-type");
  }

  @Test
  void heartbeatMistakesAre400413And415() {
    String heartbeat = heartbeat(UUID.randomUUID(), 1, 1000);
    expectProblem(
        post(session.heartbeatsPath(), MediaType.APPLICATION_JSON, "{\"id\": "),
        400,
        "malformed-json",
        session.heartbeatsPath());
    expectProblem(
        post(session.heartbeatsPath(), MediaType.APPLICATION_JSON, "[" + heartbeat + "]"),
        400,
        "invalid-body",
        session.heartbeatsPath());
    expectProblem(
        post(session.heartbeatsPath(), MediaType.TEXT_PLAIN, heartbeat),
        415,
        "unsupported-media-type",
        session.heartbeatsPath());
    expectProblem(
        post(
            session.heartbeatsPath(),
            MediaType.APPLICATION_JSON,
            heartbeat.substring(0, heartbeat.length() - 1)
                + ", \"padding\": \""
                + "x".repeat(9 * 1024)
                + "\"}"),
        413,
        "body-too-large",
        session.heartbeatsPath());
  }

  @Test
  void beaconMistakesAre400413415And422() {
    String token = ISSUER.token(session);
    expectProblem(
        beacon(MediaType.TEXT_PLAIN, "{\"token\": "), 400, "malformed-json", beaconPath());
    expectProblem(
        beacon(MediaType.APPLICATION_XML, "<beacon/>"),
        415,
        "unsupported-media-type",
        beaconPath());
    String[] events = new String[6];
    for (int i = 0; i < events.length; i++) {
      events[i] = challengeOpened(UUID.randomUUID(), i, "c");
    }
    expectProblem(
        beacon(
            MediaType.TEXT_PLAIN,
            "{\"token\": \"" + token + "\", \"events\": " + array(events) + "}"),
        413,
        "batch-too-large",
        beaconPath());
    expectProblem(
        beacon(
            MediaType.TEXT_PLAIN,
            "{\"token\": \""
                + token
                + "\", \"events\": [], \"pad\": \""
                + "x".repeat(9 * 1024)
                + "\"}"),
        413,
        "body-too-large",
        beaconPath());
    expectProblem(
            beacon(MediaType.TEXT_PLAIN, "{\"token\": \"" + token + "\", \"events\": []}"),
            422,
            "invalid-body",
            beaconPath())
        .jsonPath("$.errors[0].pointer")
        .isEqualTo("/events");
  }

  private String beaconPath() {
    return session.beaconPath();
  }

  private WebTestClient.ResponseSpec beacon(MediaType type, String body) {
    return client.post().uri(session.beaconPath()).contentType(type).bodyValue(body).exchange();
  }

  @Test
  void aNulInAnIdIsRefusedNamingTheField() {
    expectProblem(
            post(
                session.eventsPath(),
                MediaType.APPLICATION_JSON,
                challengeOpened(UUID.randomUUID(), 1, "c-1\\u0000")),
            400,
            "invalid-body")
        .jsonPath("$.errors[0].pointer")
        .isEqualTo("/challengeId")
        .jsonPath("$.errors[0].reason")
        .isEqualTo("invalid_format");
  }

  @Test
  void activeMillisNearTwoToTheSixtyThirdIsRefused() {
    expectProblem(
            post(
                session.heartbeatsPath(),
                MediaType.APPLICATION_JSON,
                heartbeat(UUID.randomUUID(), 1, Long.MAX_VALUE - 7)),
            422,
            "invalid-body",
            session.heartbeatsPath())
        .jsonPath("$.errors[0].pointer")
        .isEqualTo("/activeMillis")
        .jsonPath("$.errors[0].reason")
        .isEqualTo("out_of_range");
    expectProblem(
            post(
                session.heartbeatsPath(),
                MediaType.APPLICATION_JSON,
                heartbeat(UUID.randomUUID(), 1, EventLimits.MAX_ACTIVE_MILLIS_PER_HEARTBEAT + 1)),
            422,
            "invalid-body",
            session.heartbeatsPath())
        .jsonPath("$.errors[0].pointer")
        .isEqualTo("/activeMillis");
  }

  @Test
  void indexesSequenceNumbersAndBookmarkFieldsOutOfRangeAreRefused() {
    String step =
        """
        {"id": "%s", "seq": %d, "type": "step.reached", "occurredAt": "%s",
         "challengeId": "c", "step": %d}
        """
            .formatted(
                UUID.randomUUID(),
                EventLimits.MAX_SEQUENCE + 1,
                Instant.now(),
                EventLimits.MAX_INDEX + 1);
    expectProblem(post(session.eventsPath(), MediaType.APPLICATION_JSON, step), 422, "invalid-body")
        .jsonPath("$.errors[*].pointer")
        .value(
            pointers ->
                assertThat(pointers).asInstanceOf(LIST).containsExactlyInAnyOrder("/seq", "/step"));
    String heartbeat =
        """
        {"id": "%s", "seq": 1, "occurredAt": "%s", "activeMillis": 1000,
         "bookmark": {"challengeId": "%s", "step": 2, "revealedHints": [0, %d]}}
        """
            .formatted(
                UUID.randomUUID(),
                Instant.now(),
                "c".repeat(EventLimits.MAX_ID_LENGTH + 1),
                EventLimits.MAX_INDEX + 1);
    expectProblem(
            post(session.heartbeatsPath(), MediaType.APPLICATION_JSON, heartbeat),
            422,
            "invalid-body",
            session.heartbeatsPath())
        .jsonPath("$.errors[*].pointer")
        .value(
            pointers ->
                assertThat(pointers)
                    .asInstanceOf(LIST)
                    .containsExactlyInAnyOrder(
                        "/bookmark/challengeId", "/bookmark/revealedHints/1"));
  }

  @Test
  void aTokenWhoseCopiedIdsHoldControlCharactersIsRefused() {
    client
        .post()
        .uri(session.eventsPath())
        .header(
            "Authorization",
            "Bearer " + ISSUER.token(session, claims -> claims.claim("tid", "tenant\0acme")))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(challengeOpened(UUID.randomUUID(), 1, "c-1"))
        .exchange()
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:learnpulse:problem:invalid-token")
        .jsonPath("$.detail")
        .value(detail -> assertThat((String) detail).contains("tid"));
  }

  @Test
  void unknownRoutesAre404ProblemsNot500() {
    client
        .get()
        .uri("/v1/nothing-here")
        .exchange()
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
  }
}

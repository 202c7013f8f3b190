package io.learnpulse.ingest.api;

import static io.learnpulse.ingest.support.PlayerJson.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.infra.http.RawHttpConnection;
import io.learnpulse.infra.http.RawHttpConnection.Response;
import io.learnpulse.ingest.support.SharedKafkaTest;
import io.learnpulse.ingest.support.TestSession;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Every player request is answered within {@code request-deadline}, and a connection stays usable
 * for the next request whatever happened to the previous one — the browser's "heartbeat with no
 * answer for minutes, its bytes unread on the server's socket". Plain sockets, because the cases
 * are what HTTP clients avoid: a body that stops halfway, pipelined requests, a request refused
 * before its body was read followed by the next one on the same connection.
 */
@Import(RequestDeadlineIT.SilentRoute.class)
@TestPropertySource(
    properties = {
      "learnpulse.ingest.request-deadline=" + RequestDeadlineIT.DEADLINE_SECONDS + "s",
      "learnpulse.ingest.kafka-send-timeout=2s"
    })
class RequestDeadlineIT extends SharedKafkaTest {

  static final int DEADLINE_SECONDS = 3;

  /**
   * A fault no real route has today, injected to prove the guard: a handler that completes without
   * an answer (WebFlux would send an empty 200, a silent success that stored nothing).
   */
  @TestConfiguration(proxyBeanMethods = false)
  static class SilentRoute {
    @Bean
    RouterFunction<ServerResponse> silentEndpoint() {
      return RouterFunctions.route()
          .POST("/v1/sessions/{sessionId}/silent", request -> Mono.empty())
          .build();
    }
  }

  /** Far longer than the deadline: no answer by then is a hang. */
  private static final Duration PATIENCE = Duration.ofSeconds(DEADLINE_SECONDS + 12);

  @Value("${local.server.port}")
  private int port;

  private final TestSession session = TestSession.fresh();

  private Map<String, String> bearer() {
    return Map.of(
        "Authorization", "Bearer " + ISSUER.token(session), "Content-Type", "application/json");
  }

  @Test
  void aBodyThatStopsHalfwayIsAnswered503WithinTheDeadlineAndNothingIsWritten() {
    String request =
        RawHttpConnection.post(
            session.heartbeatsPath(), bearer(), heartbeat(UUID.randomUUID(), 1, 1000));
    Map<TopicPartition, Long> before = topics.endOffsets();

    try (RawHttpConnection connection = RawHttpConnection.open(port)) {
      long started = System.nanoTime();
      connection.send(request.substring(0, request.length() - 40));
      Optional<Response> response = connection.read(PATIENCE);
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertThat(response).as("an answer to a request whose body stopped").isPresent();
      assertThat(response.get().status()).isEqualTo(503);
      assertThat(response.get().headers())
          .containsEntry("content-type", "application/problem+json")
          .containsEntry("connection", "close")
          .containsKey("retry-after");
      assertThat(response.get().body()).contains("urn:learnpulse:problem:unavailable");
      assertThat(took)
          .isBetween(
              Duration.ofSeconds(DEADLINE_SECONDS).minusMillis(100),
              Duration.ofSeconds(DEADLINE_SECONDS + 5));
    }
    assertThat(topics.endOffsets()).isEqualTo(before);
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrderEvenAfterOneRefusedUnread() {
    String refusedUnread =
        RawHttpConnection.post(
            session.heartbeatsPath(),
            Map.of(
                "Authorization", "Bearer " + ISSUER.token(session), "Content-Type", "text/plain"),
            heartbeat(UUID.randomUUID(), 1, 1000));
    String first =
        RawHttpConnection.post(
            session.heartbeatsPath(), bearer(), heartbeat(UUID.randomUUID(), 2, 1000));
    String second =
        RawHttpConnection.post(
            session.heartbeatsPath(), bearer(), heartbeat(UUID.randomUUID(), 3, 1000));

    try (RawHttpConnection connection = RawHttpConnection.open(port)) {
      connection.send(refusedUnread + first + second);

      assertThat(connection.read(PATIENCE)).get().extracting(Response::status).isEqualTo(415);
      assertThat(connection.read(PATIENCE)).get().extracting(Response::status).isEqualTo(202);
      assertThat(connection.read(PATIENCE)).get().extracting(Response::status).isEqualTo(202);
    }
  }

  @Test
  void aConnectionServesTheNextRequestAfterOneRefusedBeforeItsBodyWasRead() {
    // Refused by the token filter (401) and by the origin check (403), bodies never read: each
    // followed on the same keep-alive connection by a heartbeat, which must be read and answered.
    String padded = heartbeat(UUID.randomUUID(), 1, 1000) + " ".repeat(1_200);
    try (RawHttpConnection connection = RawHttpConnection.open(port)) {
      connection.send(
          RawHttpConnection.post(
              session.heartbeatsPath(), Map.of("Content-Type", "application/json"), padded));
      assertThat(connection.read(PATIENCE)).get().extracting(Response::status).isEqualTo(401);

      connection.send(
          RawHttpConnection.post(
              session.heartbeatsPath(),
              Map.of(
                  "Authorization",
                  "Bearer " + ISSUER.token(session),
                  "Content-Type",
                  "application/json",
                  "Origin",
                  "https://elsewhere.example"),
              padded));
      assertThat(connection.read(PATIENCE)).get().extracting(Response::status).isEqualTo(403);

      connection.send(
          RawHttpConnection.post(
              session.heartbeatsPath(), bearer(), heartbeat(UUID.randomUUID(), 2, 1000)));
      assertThat(connection.read(PATIENCE)).get().extracting(Response::status).isEqualTo(202);
    }
  }

  @Test
  void aHandlerThatCompletesWithoutAnsweringIsAnswered500NotAnEmpty200() {
    client
        .post()
        .uri("/v1/sessions/" + session.sessionId() + "/silent")
        .header("Authorization", "Bearer " + ISSUER.token(session))
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue("{}")
        .exchange()
        .expectStatus()
        .isEqualTo(500)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .isEqualTo("urn:learnpulse:problem:internal-error");
  }
}

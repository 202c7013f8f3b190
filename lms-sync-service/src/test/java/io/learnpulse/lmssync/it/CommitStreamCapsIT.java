package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Commit streams are bounded per session and per replica (issue 10: SSE streams capped): beyond the
 * caps a bridge gets a clear problem with {@code Retry-After} instead of another open connection,
 * and a closed stream frees its place.
 */
@TestPropertySource(
    properties = {
      "learnpulse.lms-sync.bridge.max-streams-per-session=1",
      "learnpulse.lms-sync.bridge.max-streams=2",
      "learnpulse.lms-sync.bridge.keep-alive-interval=1s"
    })
class CommitStreamCapsIT extends LmsSyncITSupport {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void streamsBeyondTheSessionAndReplicaCapsAreRefusedAndAClosedOneFreesItsPlace()
      throws Exception {
    Launched first = launched("SCORM_12");
    Launched second = launched("SCORM_12");
    Launched third = launched("SCORM_12");

    try (SseClient a = stream(first)) {
      assertThat(a.next("ready", WAIT)).isNotNull();

      HttpResponse<String> sameSession = refused(first);
      assertThat(sameSession.statusCode()).as(sameSession.body()).isEqualTo(429);
      assertThat(sameSession.headers().firstValue("Retry-After")).hasValue("1");
      assertProblem(sameSession, "rate-limited");

      try (SseClient b = stream(second)) {
        assertThat(b.next("ready", WAIT)).isNotNull();

        HttpResponse<String> replicaFull = refused(third);
        assertThat(replicaFull.statusCode()).as(replicaFull.body()).isEqualTo(503);
        assertThat(replicaFull.headers().firstValue("Retry-After")).isPresent();
        assertProblem(replicaFull, "unavailable");
      }
    }

    // The server notices a closed stream at its next keep-alive; then the place is free again.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              try (SseClient again = stream(third)) {
                assertThat(again.status()).isEqualTo(200);
                assertThat(again.next("ready", Duration.ofSeconds(5))).isNotNull();
              }
            });
  }

  private void assertProblem(HttpResponse<String> answer, String slug) {
    assertThat(answer.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    JsonNode body = json.readTree(answer.body());
    assertThat(body.path("type").asText()).isEqualTo("urn:learnpulse:problem:" + slug);
    assertThat(body.path("detail").asText()).contains("commit streams");
  }

  private SseClient stream(Launched launched) throws Exception {
    return SseClient.open(
        http, url(launched), Map.of("Authorization", "Bearer " + launched.bridgeToken()));
  }

  private HttpResponse<String> refused(Launched launched) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url(launched)))
            .timeout(WAIT)
            .header("Accept", "text/event-stream")
            .header("Authorization", "Bearer " + launched.bridgeToken())
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String url(Launched launched) {
    return "http://127.0.0.1:" + port + "/v1/sessions/" + launched.session() + "/commits";
  }
}

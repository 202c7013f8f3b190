package io.learnpulse.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.infra.http.KeptAliveConnections;
import io.learnpulse.ingest.support.SharedKafkaTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * Every request on a kept-alive connection is answered (issue 13: a heartbeat's bytes sat unread on
 * ingest's socket for minutes while every event loop was idle). Pipelined pairs and prompt
 * follow-ups, on many connections at once, to paths answered on the event loop (404, the 401 of a
 * malformed token) and off it (health). Reactor Netty 1.3.6 stopped reading such a connection for
 * good when a request arrived before the previous exchange had terminated (ADR 32). A plain-socket
 * client, so that a failure names the connection and the request; a pooled client would hide them.
 */
class KeptAliveConnectionsIT extends SharedKafkaTest {

  @Value("${local.server.port}")
  private int port;

  @Test
  void answersEveryRequestOnKeptAliveConnections() throws InterruptedException {
    // a heartbeat with a malformed token: the security filters' 401
    Map<String, Integer> expected =
        KeptAliveConnections.probesAndMissingPathsWith("/v1/sessions/s-1/heartbeat", 401);
    List<String> paths = List.copyOf(expected.keySet());

    KeptAliveConnections.Report report =
        new KeptAliveConnections(port, Duration.ofSeconds(10))
            .run(16, 20, paths, Map.of("Authorization", "Bearer not-a-jwt"));

    assertThat(report.unanswered()).as("requests answered within 10 s").isEmpty();
    assertThat(report.unexpected(expected)).as("statuses").isEmpty();
  }
}

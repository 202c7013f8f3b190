package io.learnpulse.ingest.api;

import static io.learnpulse.ingest.support.PlayerJson.array;
import static io.learnpulse.ingest.support.PlayerJson.challengeOpened;
import static io.learnpulse.ingest.support.PlayerJson.heartbeat;
import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.ingest.support.PrometheusScrape;
import io.learnpulse.ingest.support.SharedKafkaTest;
import io.learnpulse.ingest.support.TestSession;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** The service's meters, read the way Prometheus reads them: by scraping /actuator/prometheus. */
class MetricsIT extends SharedKafkaTest {

  private static final String REQUESTS = "learnpulse_ingest_requests_total";
  private static final String EVENTS = "learnpulse_ingest_events_total";
  private static final String REJECTIONS = "learnpulse_ingest_rejections_total";
  private static final String SEND_COUNT = "learnpulse_ingest_kafka_send_seconds_count";
  private static final String SEND_SUM = "learnpulse_ingest_kafka_send_seconds_sum";

  private final TestSession session = TestSession.fresh();

  private PrometheusScrape scrape() {
    return PrometheusScrape.from(managementPort);
  }

  private static double delta(
      PrometheusScrape before, PrometheusScrape after, String name, Map<String, String> labels) {
    return after.value(name, labels) - before.value(name, labels);
  }

  @Test
  void exposesEveryMeterBeforeAnyTraffic() {
    PrometheusScrape scrape = scrape();

    assertThat(scrape.has(REQUESTS)).isTrue();
    assertThat(scrape.has(EVENTS)).isTrue();
    assertThat(scrape.has(REJECTIONS)).isTrue();
    assertThat(scrape.has(SEND_COUNT)).isTrue();
    assertThat(scrape.has("learnpulse_ingest_kafka_send_seconds_bucket"))
        .as("a histogram, for latency percentiles across instances")
        .isTrue();
  }

  @Test
  void countsAcceptedRequestsStoredEventsByTypeAndTimesTheKafkaWait() {
    PrometheusScrape before = scrape();

    post(
            session,
            session.eventsPath(),
            MediaType.APPLICATION_JSON,
            challengeOpened(UUID.randomUUID(), 1, "c-1"))
        .expectStatus()
        .isAccepted();
    post(
            session,
            session.eventsPath(),
            MediaType.APPLICATION_JSON,
            array(
                challengeOpened(UUID.randomUUID(), 2, "c-2"),
                challengeOpened(UUID.randomUUID(), 3, "c-3")))
        .expectStatus()
        .isAccepted();
    post(
            session,
            session.heartbeatsPath(),
            MediaType.APPLICATION_JSON,
            heartbeat(UUID.randomUUID(), 4, 30_000))
        .expectStatus()
        .isAccepted();
    client
        .post()
        .uri(session.beaconPath())
        .contentType(MediaType.TEXT_PLAIN)
        .bodyValue(
            "{\"token\": \""
                + ISSUER.token(session)
                + "\", \"events\": "
                + challengeOpened(UUID.randomUUID(), 5, "c-4")
                + "}")
        .exchange()
        .expectStatus()
        .isAccepted();

    PrometheusScrape after = scrape();
    assertThat(delta(before, after, REQUESTS, Map.of("endpoint", "events", "outcome", "accepted")))
        .isEqualTo(2);
    assertThat(
            delta(before, after, REQUESTS, Map.of("endpoint", "heartbeats", "outcome", "accepted")))
        .isEqualTo(1);
    assertThat(delta(before, after, REQUESTS, Map.of("endpoint", "beacon", "outcome", "accepted")))
        .isEqualTo(1);
    assertThat(delta(before, after, EVENTS, Map.of("type", "ChallengeOpened"))).isEqualTo(4);
    assertThat(delta(before, after, EVENTS, Map.of("type", "Heartbeat"))).isEqualTo(1);
    assertThat(delta(before, after, SEND_COUNT, Map.of("outcome", "acknowledged"))).isEqualTo(4);
    assertThat(delta(before, after, SEND_SUM, Map.of("outcome", "acknowledged"))).isPositive();
    assertThat(delta(before, after, REJECTIONS, Map.of())).isZero();
  }

  @Test
  void countsRefusedRequestsByOutcomeAndReason() {
    PrometheusScrape before = scrape();

    post(
            session,
            session.eventsPath(),
            MediaType.APPLICATION_JSON,
            array(
                """
                {"id": "%s", "seq": -1, "type": "session.suspended", "occurredAt": "%s"}
                """
                    .formatted(UUID.randomUUID(), Instant.now()),
                """
                {"id": "%s", "seq": -2, "type": "session.suspended", "occurredAt": "%s"}
                """
                    .formatted(UUID.randomUUID(), Instant.now().plusSeconds(3600))))
        .expectStatus()
        .isEqualTo(422);
    client
        .post()
        .uri(session.eventsPath())
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(challengeOpened(UUID.randomUUID(), 1, "c"))
        .exchange()
        .expectStatus()
        .isUnauthorized();
    post(
            session,
            TestSession.fresh().heartbeatsPath(),
            MediaType.APPLICATION_JSON,
            heartbeat(UUID.randomUUID(), 1, 1))
        .expectStatus()
        .isForbidden();
    client
        .post()
        .uri(session.beaconPath())
        .contentType(MediaType.APPLICATION_XML)
        .bodyValue("<beacon/>")
        .exchange()
        .expectStatus()
        .isEqualTo(415);

    PrometheusScrape after = scrape();
    assertThat(delta(before, after, REQUESTS, Map.of("endpoint", "events", "outcome", "rejected")))
        .isEqualTo(1);
    assertThat(
            delta(before, after, REQUESTS, Map.of("endpoint", "events", "outcome", "unauthorized")))
        .isEqualTo(1);
    assertThat(
            delta(
                before, after, REQUESTS, Map.of("endpoint", "heartbeats", "outcome", "forbidden")))
        .isEqualTo(1);
    assertThat(delta(before, after, REQUESTS, Map.of("endpoint", "beacon", "outcome", "rejected")))
        .isEqualTo(1);
    assertThat(delta(before, after, REJECTIONS, Map.of("reason", "out_of_range")))
        .as("each distinct reason of a request once")
        .isEqualTo(1);
    assertThat(delta(before, after, REJECTIONS, Map.of("reason", "in_future"))).isEqualTo(1);
    assertThat(delta(before, after, REJECTIONS, Map.of("reason", "invalid-token"))).isEqualTo(1);
    assertThat(delta(before, after, REJECTIONS, Map.of("reason", "wrong-session"))).isEqualTo(1);
    assertThat(delta(before, after, REJECTIONS, Map.of("reason", "unsupported-media-type")))
        .isEqualTo(1);
    assertThat(delta(before, after, EVENTS, Map.of())).isZero();
    assertThat(delta(before, after, SEND_COUNT, Map.of())).isZero();
  }
}

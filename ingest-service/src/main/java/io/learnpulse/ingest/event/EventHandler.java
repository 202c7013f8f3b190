package io.learnpulse.ingest.event;

import io.learnpulse.ingest.IngestProperties;
import io.learnpulse.ingest.auth.SessionAccess;
import io.learnpulse.ingest.domain.AvroEvents;
import io.learnpulse.ingest.domain.OutboundRecord;
import io.learnpulse.ingest.domain.PlayerEvent;
import io.learnpulse.ingest.domain.PlayerEventReader;
import io.learnpulse.ingest.domain.SessionContext;
import io.learnpulse.ingest.kafka.EventPublisher;
import io.learnpulse.ingest.problem.Problems;
import io.learnpulse.ingest.request.Accepted;
import io.learnpulse.ingest.request.JsonBodyReader;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The player's event endpoints: Bearer-authenticated JSON, and the sendBeacon variant whose {@code
 * text/plain} JSON body carries the token next to the events. A request is validated as a whole;
 * only a fully valid one is written, and it is answered 202 once Kafka acknowledged every record.
 */
@Component
class EventHandler {

  private static final List<MediaType> JSON = List.of(MediaType.APPLICATION_JSON);
  private static final List<MediaType> BEACON =
      List.of(MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON);

  private final JsonBodyReader bodies;
  private final SessionAccess sessions;
  private final PlayerEventReader reader;
  private final EventPublisher publisher;
  private final Clock clock;

  EventHandler(
      JsonBodyReader bodies,
      SessionAccess sessions,
      EventPublisher publisher,
      IngestProperties properties,
      Clock clock) {
    this.bodies = bodies;
    this.sessions = sessions;
    this.publisher = publisher;
    this.clock = clock;
    this.reader = new PlayerEventReader(properties.maxBatchSize(), properties.clockSkew());
  }

  /** {@code POST /v1/sessions/{sessionId}/events}. */
  Mono<ServerResponse> events(ServerRequest request) {
    return sessions.with(
        request,
        session -> bodies.read(request, JSON).flatMap(body -> ingest(body.value(), "", session)));
  }

  /** {@code POST /v1/sessions/{sessionId}/beacon}: {@code {"token": "...", "events": ...}}. */
  Mono<ServerResponse> beacon(ServerRequest request) {
    return bodies
        .read(request, BEACON)
        .flatMap(
            body -> {
              if (!(body.value() instanceof Map<?, ?> envelope)
                  || !(envelope.get("token") instanceof String token)
                  || token.isBlank()) {
                return Mono.error(
                    Problems.unauthorized(
                        "a beacon body is {\"token\": \"<session token>\", \"events\": ...}"));
              }
              return sessions
                  .verify(token, request)
                  .flatMap(session -> ingest(envelope.get("events"), "/events", session));
            });
  }

  private Mono<ServerResponse> ingest(Object events, String pointer, SessionContext session) {
    Instant now = clock.instant();
    List<PlayerEvent> valid = Accepted.orThrow(reader.read(events, pointer, now));
    List<OutboundRecord> records = valid.stream().map(e -> AvroEvents.of(e, session, now)).toList();
    return publisher.publish(records).then(Accepted.response(records));
  }
}

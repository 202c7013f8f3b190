package io.learnpulse.ingest.heartbeat;

import io.learnpulse.ingest.IngestProperties;
import io.learnpulse.ingest.auth.SessionAccess;
import io.learnpulse.ingest.domain.AvroEvents;
import io.learnpulse.ingest.domain.HeartbeatReader;
import io.learnpulse.ingest.domain.HeartbeatReport;
import io.learnpulse.ingest.domain.OutboundRecord;
import io.learnpulse.ingest.domain.SessionContext;
import io.learnpulse.ingest.kafka.EventPublisher;
import io.learnpulse.ingest.request.Accepted;
import io.learnpulse.ingest.request.JsonBodyReader;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/sessions/{sessionId}/heartbeats}: one heartbeat, written to the heartbeat topic
 * and answered 202 once Kafka acknowledged it.
 */
@Component
class HeartbeatHandler {

  private static final List<MediaType> JSON = List.of(MediaType.APPLICATION_JSON);

  private final JsonBodyReader bodies;
  private final SessionAccess sessions;
  private final HeartbeatReader reader;
  private final EventPublisher publisher;
  private final Clock clock;

  HeartbeatHandler(
      JsonBodyReader bodies,
      SessionAccess sessions,
      EventPublisher publisher,
      IngestProperties properties,
      Clock clock) {
    this.bodies = bodies;
    this.sessions = sessions;
    this.publisher = publisher;
    this.clock = clock;
    this.reader = new HeartbeatReader(properties.clockSkew());
  }

  Mono<ServerResponse> heartbeat(ServerRequest request) {
    return sessions.with(
        request,
        session -> bodies.read(request, JSON).flatMap(body -> ingest(body.value(), session)));
  }

  private Mono<ServerResponse> ingest(Object body, SessionContext session) {
    Instant now = clock.instant();
    HeartbeatReport heartbeat = Accepted.orThrow(reader.read(body, session, now));
    List<OutboundRecord> records = List.of(AvroEvents.of(heartbeat, session, now));
    return publisher.publish(records).then(Accepted.response(records));
  }
}

package io.learnpulse.ingest.end;

import io.learnpulse.ingest.IngestProperties;
import io.learnpulse.ingest.auth.SessionAccess;
import io.learnpulse.ingest.domain.AvroEvents;
import io.learnpulse.ingest.domain.OutboundRecord;
import io.learnpulse.ingest.domain.SessionContext;
import io.learnpulse.ingest.domain.SessionEnd;
import io.learnpulse.ingest.domain.SessionEndReader;
import io.learnpulse.ingest.kafka.EventPublisher;
import io.learnpulse.ingest.problem.Problems;
import io.learnpulse.ingest.request.Accepted;
import io.learnpulse.ingest.request.JsonBodyReader;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/sessions/{sessionId}/end}: the end-of-session signal the bridge sends with {@code
 * navigator.sendBeacon} when the LMS page goes away. The bridge runs on the LMS's origin, which the
 * session token's player origins do not list, and a beacon can carry no header: so the token is in
 * the {@code text/plain} JSON body and the request's {@code Origin} is not checked — the token, for
 * exactly the path's session, is the authority, and all it can do here is end that session with at
 * most one heartbeat interval's active time
 * (docs/adr/0018-limits-session-end-and-request-deadline.md). Writes {@code SessionSuspended} or
 * {@code SessionTerminated} and, when active time is reported, a final {@code Heartbeat}; answered
 * 202 once Kafka acknowledged both.
 */
@Component
class SessionEndHandler {

  private static final List<MediaType> BEACON =
      List.of(MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON);

  private final JsonBodyReader bodies;
  private final SessionAccess sessions;
  private final SessionEndReader reader;
  private final EventPublisher publisher;
  private final Clock clock;

  SessionEndHandler(
      JsonBodyReader bodies,
      SessionAccess sessions,
      EventPublisher publisher,
      IngestProperties properties,
      Clock clock) {
    this.bodies = bodies;
    this.sessions = sessions;
    this.publisher = publisher;
    this.clock = clock;
    this.reader = new SessionEndReader(properties.clockSkew());
  }

  Mono<ServerResponse> end(ServerRequest request) {
    return bodies
        .read(request, BEACON)
        .flatMap(
            body -> {
              if (!(body.value() instanceof Map<?, ?> fields)
                  || !(fields.get("token") instanceof String token)
                  || token.isBlank()) {
                return Mono.error(
                    Problems.unauthorized(
                        "an end-of-session body is {\"token\": \"<session token>\","
                            + " \"reason\": \"suspend\"|\"terminate\", ...}"));
              }
              Map<Object, Object> rest = new LinkedHashMap<>(fields);
              rest.remove("token");
              return sessions
                  .verifyAnyOrigin(token, request)
                  .flatMap(session -> store(rest, session));
            });
  }

  private Mono<ServerResponse> store(Object body, SessionContext session) {
    Instant now = clock.instant();
    SessionEnd end = Accepted.orThrow(reader.read(body, session, now));
    List<OutboundRecord> records = new ArrayList<>(2);
    end.finalHeartbeat().ifPresent(h -> records.add(AvroEvents.of(h, session, now)));
    records.add(AvroEvents.of(end.event(), session, now));
    return publisher.publish(records).then(Accepted.response(records));
  }
}

package io.learnpulse.scoring.status;

import io.learnpulse.events.v1.TopicStatus;
import io.learnpulse.schemas.wire.ProblemType;
import io.learnpulse.scoring.status.StatusLocator.Here;
import io.learnpulse.scoring.status.StatusLocator.Location;
import io.learnpulse.scoring.status.StatusLocator.There;
import io.learnpulse.scoring.status.StatusLocator.Unknown;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * {@code GET /v1/registrations/{id}/topics/{topicId}/status}: the last published topic status
 * (computed from the registration's state, {@link TopicStatusStore}), for an admin of the
 * registration's tenant or the registration's own learner (bearer token, {@link
 * StatusAuthenticator}), from whichever instance hosts the registration.
 *
 * <ul>
 *   <li>401 without a valid token; 403 when the token cannot ask about this registration (a session
 *       token of another registration, an admin token without a tenant or role); 404 when there is
 *       no status <em>or</em> it belongs to another tenant (the two are not told apart).
 *   <li>A request for a registration hosted elsewhere is forwarded once, with its {@code
 *       Authorization} header, to that instance (marked with {@value #FORWARDED_BY}), which checks
 *       the token again; a forwarded request that still does not land on the hosting instance (a
 *       rebalance in between) is answered 503 rather than forwarded again.
 *   <li>No instance address appears in any response, header or body (they are logged instead).
 * </ul>
 */
@RestController
public class TopicStatusController {

  /** Request header of a forwarded query (instance to instance only, never in a response). */
  public static final String FORWARDED_BY = "LearnPulse-Forwarded-By";

  private static final Logger log = LoggerFactory.getLogger(TopicStatusController.class);

  private final TopicStatusStore statuses;
  private final StatusLocator locator;
  private final WebClient instances;
  private final StatusAuthenticator authenticator;

  /**
   * Answers from {@code statuses} when this instance hosts the registration, otherwise through
   * {@code instances} from the one that does; callers are verified by {@code authenticator}.
   */
  public TopicStatusController(
      TopicStatusStore statuses,
      StatusLocator locator,
      WebClient instances,
      StatusAuthenticator authenticator) {
    this.statuses = statuses;
    this.locator = locator;
    this.instances = instances;
    this.authenticator = authenticator;
  }

  /**
   * The status; 401, 403 or 404 (problem+json) as above; 503 while it cannot be located or read
   * (starting, rebalancing, the hosting instance unreachable) or the token's keys cannot be
   * fetched.
   */
  @GetMapping("/v1/registrations/{registrationId}/topics/{topicId}/status")
  public Mono<ResponseEntity<?>> status(
      @PathVariable String registrationId,
      @PathVariable String topicId,
      @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
      @RequestHeader(name = FORWARDED_BY, required = false) String forwardedBy) {
    return authenticator
        .authenticate(authorization)
        .flatMap(
            caller -> {
              if (!caller.mayAskAbout(registrationId)) {
                return Mono.just(
                    problem(
                        ProblemType.FORBIDDEN,
                        "the token does not allow reading registration " + registrationId));
              }
              return answer(caller, registrationId, topicId, authorization, forwardedBy);
            })
        .onErrorResume(
            StatusAuthException.class, e -> Mono.just(problem(e.type(), e.getMessage())));
  }

  private Mono<ResponseEntity<?>> answer(
      StatusCaller caller,
      String registrationId,
      String topicId,
      String authorization,
      String forwardedBy) {
    Location location = locator.locate(registrationId);
    if (location instanceof Here) {
      return Mono.just(local(caller, registrationId, topicId));
    }
    if (location instanceof There there) {
      if (forwardedBy != null) {
        log.warn(
            "Status query for registration {} forwarded by {} but hosted by {} (rebalancing?)",
            registrationId,
            forwardedBy,
            there.hostPort());
        return Mono.just(unavailable("the registration is moving between instances"));
      }
      return forward(there, registrationId, topicId, authorization);
    }
    log.info(
        "Status query for registration {}: cannot locate it: {}",
        registrationId,
        ((Unknown) location).reason());
    return Mono.just(unavailable("the registration cannot be located right now"));
  }

  private ResponseEntity<?> local(StatusCaller caller, String registrationId, String topicId) {
    Optional<TopicStatus> found;
    try {
      found = statuses.find(registrationId, topicId);
    } catch (InvalidStateStoreException e) {
      log.info("Registration stores not available yet: {}", e.getMessage());
      return unavailable("the registration's state is not available yet");
    } catch (SerializationException e) {
      // the status is computed on read (ADR 38): a schema the registry cannot give now
      log.warn("Cannot compute a status of registration {}: {}", registrationId, e.getMessage());
      return unavailable("the status cannot be computed right now");
    }
    return found
        .filter(status -> caller.maySee(status.getTenantId()))
        .<ResponseEntity<?>>map(status -> ResponseEntity.ok().body(TopicStatusView.of(status)))
        .orElseGet(
            () ->
                problem(
                    ProblemType.NOT_FOUND,
                    "no status of topic " + topicId + " for registration " + registrationId));
  }

  private Mono<ResponseEntity<?>> forward(
      There there, String registrationId, String topicId, String authorization) {
    String hostPort = there.hostPort();
    return instances
        .get()
        .uri(
            "http://{host}:{port}/v1/registrations/{registrationId}/topics/{topicId}/status",
            there.host(),
            there.port(),
            registrationId,
            topicId)
        .header(HttpHeaders.AUTHORIZATION, authorization)
        .header(FORWARDED_BY, locator.self())
        .exchangeToMono(response -> response.toEntity(byte[].class))
        .<ResponseEntity<?>>map(TopicStatusController::relayed)
        .onErrorResume(
            e -> {
              log.warn("Cannot forward a status query to {}: {}", hostPort, e.toString());
              return Mono.just(unavailable("the instance hosting the registration did not answer"));
            });
  }

  private static ResponseEntity<byte[]> relayed(ResponseEntity<byte[]> answer) {
    HttpHeaders headers = new HttpHeaders();
    for (String name :
        new String[] {
          HttpHeaders.CONTENT_TYPE, HttpHeaders.RETRY_AFTER, HttpHeaders.WWW_AUTHENTICATE
        }) {
      String value = answer.getHeaders().getFirst(name);
      if (value != null) {
        headers.set(name, value);
      }
    }
    return ResponseEntity.status(answer.getStatusCode()).headers(headers).body(answer.getBody());
  }

  private static ResponseEntity<?> unavailable(String detail) {
    ResponseEntity<?> problem = problem(ProblemType.UNAVAILABLE, detail);
    return ResponseEntity.status(problem.getStatusCode())
        .header(HttpHeaders.RETRY_AFTER, "1")
        .body(problem.getBody());
  }

  private static ResponseEntity<?> problem(ProblemType type, String detail) {
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(type.status()), detail);
    body.setType(type.uri());
    body.setTitle(type.title());
    ResponseEntity.BodyBuilder response = ResponseEntity.status(type.status());
    if (type == ProblemType.INVALID_TOKEN) {
      response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }
    return response.body(body);
  }
}

package io.learnpulse.scoring.status;

import io.learnpulse.scoring.status.StatusLocator.Here;
import io.learnpulse.scoring.status.StatusLocator.Location;
import io.learnpulse.scoring.status.StatusLocator.There;
import io.learnpulse.scoring.status.StatusLocator.Unknown;
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
 * {@code GET /v1/registrations/{id}/topics/{topicId}/status}: the last published topic status, from
 * whichever instance hosts the registration. A request for a registration hosted elsewhere is
 * forwarded once to that instance (marked with {@value #FORWARDED_BY}); a forwarded request that
 * still does not land on the hosting instance (a rebalance in between) is answered 503 rather than
 * forwarded again. Every answer names the instance that read the store in {@value #SERVED_BY}.
 */
@RestController
public class TopicStatusController {

  /** Request header of a forwarded query: the {@code host:port} of the forwarding instance. */
  public static final String FORWARDED_BY = "LearnPulse-Forwarded-By";

  /** Response header: the {@code host:port} of the instance whose store answered. */
  public static final String SERVED_BY = "LearnPulse-Served-By";

  private static final Logger log = LoggerFactory.getLogger(TopicStatusController.class);

  private final TopicStatusStore statuses;
  private final StatusLocator locator;
  private final WebClient instances;

  /**
   * Answers from {@code statuses} when this instance hosts the registration, otherwise through
   * {@code instances} from the one that does.
   */
  public TopicStatusController(
      TopicStatusStore statuses, StatusLocator locator, WebClient instances) {
    this.statuses = statuses;
    this.locator = locator;
    this.instances = instances;
  }

  /**
   * The status, 404 (problem+json) when none was published, 503 while it cannot be located or read
   * (starting, rebalancing, the hosting instance unreachable).
   */
  @GetMapping("/v1/registrations/{registrationId}/topics/{topicId}/status")
  public Mono<ResponseEntity<?>> status(
      @PathVariable String registrationId,
      @PathVariable String topicId,
      @RequestHeader(name = FORWARDED_BY, required = false) String forwardedBy) {
    Location location = locator.locate(registrationId);
    if (location instanceof Here) {
      return Mono.just(local(registrationId, topicId));
    }
    if (location instanceof There there) {
      if (forwardedBy != null) {
        return Mono.just(
            unavailable(
                "forwarded by "
                    + forwardedBy
                    + ", but registration "
                    + registrationId
                    + " is hosted by "
                    + there.hostPort()));
      }
      return forward(there, registrationId, topicId);
    }
    return Mono.just(unavailable(((Unknown) location).reason()));
  }

  private ResponseEntity<?> local(String registrationId, String topicId) {
    try {
      return statuses
          .find(registrationId, topicId)
          .<ResponseEntity<?>>map(
              status ->
                  ResponseEntity.ok()
                      .header(SERVED_BY, locator.self())
                      .body(TopicStatusView.of(status)))
          .orElseGet(
              () ->
                  ResponseEntity.of(
                          ProblemDetail.forStatusAndDetail(
                              HttpStatus.NOT_FOUND,
                              "No status of topic "
                                  + topicId
                                  + " for registration "
                                  + registrationId))
                      .header(SERVED_BY, locator.self())
                      .build());
    } catch (InvalidStateStoreException e) {
      return unavailable("Topic status store not available yet: " + e.getMessage());
    }
  }

  private Mono<ResponseEntity<?>> forward(There there, String registrationId, String topicId) {
    String hostPort = there.hostPort();
    return instances
        .get()
        .uri(
            "http://{host}:{port}/v1/registrations/{registrationId}/topics/{topicId}/status",
            there.host(),
            there.port(),
            registrationId,
            topicId)
        .header(FORWARDED_BY, locator.self())
        .exchangeToMono(response -> response.toEntity(byte[].class))
        .<ResponseEntity<?>>map(TopicStatusController::relayed)
        .onErrorResume(
            e -> {
              log.warn("Cannot forward a status query to {}: {}", hostPort, e.toString());
              return Mono.just(
                  unavailable("instance " + hostPort + " did not answer: " + e.getMessage()));
            });
  }

  private static ResponseEntity<byte[]> relayed(ResponseEntity<byte[]> answer) {
    HttpHeaders headers = new HttpHeaders();
    for (String name :
        new String[] {HttpHeaders.CONTENT_TYPE, HttpHeaders.RETRY_AFTER, SERVED_BY}) {
      String value = answer.getHeaders().getFirst(name);
      if (value != null) {
        headers.set(name, value);
      }
    }
    return ResponseEntity.status(answer.getStatusCode()).headers(headers).body(answer.getBody());
  }

  private static ResponseEntity<?> unavailable(String detail) {
    return ResponseEntity.of(
            ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail))
        .header(HttpHeaders.RETRY_AFTER, "1")
        .build();
  }
}

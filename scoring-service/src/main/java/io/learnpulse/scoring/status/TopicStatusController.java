package io.learnpulse.scoring.status;

import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/registrations/{id}/topics/{topicId}/status}: the last published topic status. */
@RestController
public class TopicStatusController {

  private final TopicStatusStore statuses;

  /** Answers from {@code statuses}. */
  public TopicStatusController(TopicStatusStore statuses) {
    this.statuses = statuses;
  }

  /** The status, 404 (problem+json) when none was published, 503 while the store is unavailable. */
  @GetMapping("/v1/registrations/{registrationId}/topics/{topicId}/status")
  public ResponseEntity<?> status(
      @PathVariable String registrationId, @PathVariable String topicId) {
    try {
      return statuses
          .find(registrationId, topicId)
          .<ResponseEntity<?>>map(status -> ResponseEntity.ok(TopicStatusView.of(status)))
          .orElseGet(
              () ->
                  ResponseEntity.of(
                          ProblemDetail.forStatusAndDetail(
                              HttpStatus.NOT_FOUND,
                              "No status of topic "
                                  + topicId
                                  + " for registration "
                                  + registrationId))
                      .build());
    } catch (InvalidStateStoreException e) {
      return ResponseEntity.of(
              ProblemDetail.forStatusAndDetail(
                  HttpStatus.SERVICE_UNAVAILABLE,
                  "Topic status store not available yet: " + e.getMessage()))
          .header("Retry-After", "1")
          .build();
    }
  }
}

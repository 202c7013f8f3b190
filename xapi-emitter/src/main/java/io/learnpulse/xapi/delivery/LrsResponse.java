package io.learnpulse.xapi.delivery;

import java.time.Duration;
import java.util.Optional;

/**
 * What an LRS answered to a statements POST.
 *
 * @param status HTTP status
 * @param body response body (ids on success, an error document otherwise)
 * @param retryAfter the Retry-After header, when given in seconds or as a date
 * @param latency time from sending the request to the end of the response
 */
public record LrsResponse(
    int status, String body, Optional<Duration> retryAfter, Duration latency) {

  /** 2xx. */
  public boolean accepted() {
    return status >= 200 && status < 300;
  }

  /** Timeouts excepted, the statuses worth retrying: 408, 429 and 5xx. */
  public boolean transientFailure() {
    return status == 408 || status == 429 || status >= 500;
  }

  /** The LRS says the credentials are wrong or lack the right: a tenant configuration problem. */
  public boolean authFailure() {
    return status == 401 || status == 403;
  }
}

package io.learnpulse.xapi.delivery;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How one statements POST to an LRS ended, as far as the delivery rules care: an HTTP answer, or no
 * answer at all. Made by {@link LrsClient}; judged by {@link AnswerRules}.
 */
public sealed interface LrsAnswer {

  /**
   * The LRS answered.
   *
   * @param status HTTP status
   * @param body the response body, cut at the client's body cap ({@code truncated} then)
   * @param truncated true when the body was longer than the cap and the rest was not read
   * @param retryAfter the Retry-After header, when given in seconds or as a date
   * @param latency time from sending the request to the end of the (capped) body
   */
  record Response(
      int status, String body, boolean truncated, Optional<Duration> retryAfter, Duration latency)
      implements LrsAnswer {

    /** Checks the answer. */
    public Response {
      Objects.requireNonNull(body, "body");
      Objects.requireNonNull(retryAfter, "retryAfter");
      Objects.requireNonNull(latency, "latency");
    }

    /** An answer with a complete body, no Retry-After and no measured latency (tests, rules). */
    public static Response of(int status, String body) {
      return new Response(status, body, false, Optional.empty(), Duration.ZERO);
    }
  }

  /**
   * The whole exchange (connect, headers and body) did not finish within the deadline; whatever the
   * LRS did with the batch is unknown.
   *
   * @param deadline the deadline that passed
   */
  record TimedOut(Duration deadline) implements LrsAnswer {}

  /**
   * The LRS could not be reached or the connection broke (refused, reset, TLS failure, DNS).
   *
   * @param detail what the client reported
   */
  record ConnectionFailed(String detail) implements LrsAnswer {}

  /**
   * The request was not sent: the endpoint's resolved address is refused by the outbound URL
   * policy.
   *
   * @param why the policy's reason
   */
  record Refused(String why) implements LrsAnswer {}
}

package io.learnpulse.ingest.problem;

import io.learnpulse.ingest.domain.Violation;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** The problems ingest-service answers with, in one place so their types stay stable. */
public final class Problems {

  private Problems() {}

  /** 400: the body is not JSON. */
  public static Problem malformedJson(String detail) {
    return Problem.of(
        HttpStatus.BAD_REQUEST, "malformed-json", "The request body is not valid JSON", detail);
  }

  /** 400 when any violation is structural, otherwise 422. */
  public static Problem invalidBody(List<Violation> violations, boolean malformed) {
    return new Problem(
        malformed ? HttpStatus.BAD_REQUEST : HttpStatus.UNPROCESSABLE_CONTENT,
        "invalid-body",
        "The request body is invalid",
        violations.size()
            + (violations.size() == 1 ? " value is" : " values are")
            + " invalid; nothing was accepted",
        violations,
        new HttpHeaders());
  }

  /** 413: too many events in one request. */
  public static Problem batchTooLarge(int size, int maximum) {
    return Problem.of(
        HttpStatus.CONTENT_TOO_LARGE,
        "batch-too-large",
        "Too many events in one request",
        "the request holds " + size + " events; at most " + maximum + " are accepted at once");
  }

  /** 413: the body is larger than allowed. */
  public static Problem bodyTooLarge(long maximumBytes) {
    return Problem.of(
        HttpStatus.CONTENT_TOO_LARGE,
        "body-too-large",
        "The request body is too large",
        "request bodies may hold at most " + maximumBytes + " bytes");
  }

  /** 415: the content type or encoding is not accepted. */
  public static Problem unsupportedMediaType(String detail, String accepted) {
    return Problem.of(
            HttpStatus.UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "Unsupported media type",
            detail)
        .withHeader("Accept-Post", accepted);
  }

  /** 401: no usable session token. */
  public static Problem unauthorized(String detail) {
    return Problem.of(
            HttpStatus.UNAUTHORIZED, "invalid-token", "A valid session token is required", detail)
        .withHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
  }

  /** 403: the token is valid but not for this session. */
  public static Problem wrongSession() {
    return Problem.of(
        HttpStatus.FORBIDDEN,
        "wrong-session",
        "The session token is not for this session",
        "the token's session id (sid) differs from the session in the path");
  }

  /** 403: the request comes from a browser origin the token's tenant does not allow. */
  public static Problem originNotAllowed() {
    return Problem.of(
        HttpStatus.FORBIDDEN,
        "origin-not-allowed",
        "The request's origin is not allowed for this tenant",
        "the Origin of the request is not among the player origins of the session token");
  }

  /** 503: events could not be stored now; retry later with the same event ids. */
  public static Problem storeUnavailable(Duration retryAfter) {
    return Problem.of(
            HttpStatus.SERVICE_UNAVAILABLE,
            "store-unavailable",
            "Events cannot be stored right now",
            "Kafka did not acknowledge every event in time; some may have been stored."
                + " Retry with the same event ids: duplicates are ignored downstream")
        .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
  }

  /** 503: the keys that sign session tokens cannot be fetched. */
  public static Problem keysUnavailable(Duration retryAfter) {
    return Problem.of(
            HttpStatus.SERVICE_UNAVAILABLE,
            "keys-unavailable",
            "Session tokens cannot be verified right now",
            "the token signing keys could not be fetched from the issuer")
        .withHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
  }
}

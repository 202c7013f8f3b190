package io.learnpulse.ingest.problem;

import io.learnpulse.ingest.domain.Violation;
import io.learnpulse.schemas.wire.ProblemType;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The problems ingest-service answers with, each a {@link ProblemDetail} built from the shared
 * catalogue {@link ProblemType} (type URI, title, status), in one place so their types stay stable.
 * Invalid bodies add the property {@value #ERRORS}: one {@code {"pointer", "reason", "detail"}} per
 * bad value, the pointer an RFC 6901 JSON pointer into the body as sent.
 */
public final class Problems {

  /** The {@link ProblemDetail} property listing the violations of an invalid body. */
  public static final String ERRORS = "errors";

  /** Type of an unexpected failure (no catalogue entry: it is never a client's to handle). */
  static final String INTERNAL_ERROR = "internal-error";

  private Problems() {}

  /** 400: the body is not JSON. */
  public static ProblemException malformedJson(String detail) {
    return of(ProblemType.MALFORMED_JSON, detail);
  }

  /** 400 when any violation is structural, otherwise 422. */
  public static ProblemException invalidBody(List<Violation> violations, boolean malformed) {
    ProblemDetail body =
        detail(
            ProblemType.INVALID_REQUEST,
            malformed ? HttpStatus.BAD_REQUEST : HttpStatus.UNPROCESSABLE_CONTENT,
            violations.size()
                + (violations.size() == 1 ? " value is" : " values are")
                + " invalid; nothing was accepted");
    body.setProperty(ERRORS, violations.stream().map(Problems::error).toList());
    return new ProblemException(HttpStatusCode.valueOf(body.getStatus()), body, new HttpHeaders());
  }

  /** 413: too many events in one request. */
  public static ProblemException batchTooLarge(int size, int maximum) {
    return of(
        ProblemType.BATCH_TOO_LARGE,
        "the request holds " + size + " events; at most " + maximum + " are accepted at once");
  }

  /** 413: the body is larger than allowed. */
  public static ProblemException bodyTooLarge(long maximumBytes) {
    return of(
        ProblemType.BODY_TOO_LARGE, "request bodies may hold at most " + maximumBytes + " bytes");
  }

  /** 415: the content type or encoding is not accepted. */
  public static ProblemException unsupportedMediaType(String detail, String accepted) {
    return of(ProblemType.UNSUPPORTED_MEDIA_TYPE, detail, "Accept-Post", accepted);
  }

  /** 401: no usable session token. */
  public static ProblemException unauthorized(String detail) {
    return of(
        ProblemType.INVALID_TOKEN,
        detail,
        HttpHeaders.WWW_AUTHENTICATE,
        "Bearer error=\"invalid_token\"");
  }

  /**
   * 401: the token is valid but its session was revoked: superseded by a later launch ({@code
   * terminated} false) or terminated (ADR 26).
   */
  public static ProblemException sessionSuperseded(boolean terminated) {
    return of(
        ProblemType.SESSION_SUPERSEDED,
        terminated
            ? "this session has ended; launch the content again"
            : "a later launch of this registration superseded this session; continue in the"
                + " newer window or launch again",
        HttpHeaders.WWW_AUTHENTICATE,
        "Bearer error=\"invalid_token\"");
  }

  /** 403: the token is valid but not for this session. */
  public static ProblemException wrongSession() {
    return of(
        ProblemType.WRONG_SESSION,
        "the token's session id (sid) differs from the session in the path");
  }

  /** 403: the request comes from a browser origin the token's tenant does not allow. */
  public static ProblemException originNotAllowed() {
    return of(
        ProblemType.ORIGIN_NOT_ALLOWED,
        "the Origin of the request is not among the player origins of the session token");
  }

  /** 503: events could not be stored now; retry later with the same event ids. */
  public static ProblemException storeUnavailable(Duration retryAfter) {
    return of(
        ProblemType.STORE_UNAVAILABLE,
        "Kafka did not acknowledge every event in time; some may have been stored."
            + " Retry with the same event ids: duplicates are ignored downstream",
        HttpHeaders.RETRY_AFTER,
        seconds(retryAfter));
  }

  /** 503: the keys that sign session tokens cannot be fetched. */
  public static ProblemException keysUnavailable(Duration retryAfter) {
    return of(
        ProblemType.KEYS_UNAVAILABLE,
        "the token signing keys could not be fetched from the issuer",
        HttpHeaders.RETRY_AFTER,
        seconds(retryAfter));
  }

  /**
   * 503: the request was not answered within the per-request deadline; nothing or only part of it
   * may have been stored, so the client retries with the same event ids.
   */
  public static ProblemException deadlineExceeded(Duration deadline, Duration retryAfter) {
    return of(
        ProblemType.UNAVAILABLE,
        "the request could not be answered within "
            + deadline.toMillis()
            + " ms; retry with the same event ids: duplicates are ignored downstream",
        HttpHeaders.RETRY_AFTER,
        seconds(retryAfter));
  }

  /**
   * A status Spring's web layer answers with (404 no route, 405 method, ...): the catalogue's type
   * when it has one for the status, else a type named after the status's reason phrase, as
   * ingest-service has always answered.
   */
  public static ProblemException forStatus(HttpStatusCode code, String reason) {
    HttpStatus known = HttpStatus.resolve(code.value());
    HttpStatus status = known == null ? HttpStatus.INTERNAL_SERVER_ERROR : known;
    String title = known == null ? "Error " + code.value() : known.getReasonPhrase();
    ProblemDetail body = ProblemDetail.forStatus(status);
    body.setType(URI.create(ProblemType.PREFIX + title.toLowerCase(Locale.ROOT).replace(' ', '-')));
    body.setTitle(title);
    body.setDetail(reason == null ? title : reason);
    return new ProblemException(status, body, new HttpHeaders());
  }

  /** 500: an unexpected failure, without internals. */
  public static ProblemException internalError() {
    ProblemDetail body = ProblemDetail.forStatus(HttpStatus.INTERNAL_SERVER_ERROR);
    body.setType(URI.create(ProblemType.PREFIX + INTERNAL_ERROR));
    body.setTitle("Internal server error");
    body.setDetail("the request failed unexpectedly; it has been logged");
    return new ProblemException(HttpStatus.INTERNAL_SERVER_ERROR, body, new HttpHeaders());
  }

  /** The slug of a problem's type ({@code invalid-body} for {@code urn:learnpulse:problem:...}). */
  public static String slug(ProblemDetail problem) {
    String type = problem.getType().toString();
    return type.startsWith(ProblemType.PREFIX) ? type.substring(ProblemType.PREFIX.length()) : type;
  }

  private static ProblemException of(ProblemType type, String detail) {
    return new ProblemException(
        HttpStatusCode.valueOf(type.status()),
        detail(type, HttpStatusCode.valueOf(type.status()), detail),
        new HttpHeaders());
  }

  private static ProblemException of(ProblemType type, String detail, String header, String value) {
    HttpHeaders headers = new HttpHeaders();
    headers.add(header, value);
    return new ProblemException(
        HttpStatusCode.valueOf(type.status()),
        detail(type, HttpStatusCode.valueOf(type.status()), detail),
        headers);
  }

  private static ProblemDetail detail(ProblemType type, HttpStatusCode status, String detail) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
    body.setType(type.uri());
    body.setTitle(type.title());
    return body;
  }

  private static Map<String, String> error(Violation violation) {
    Map<String, String> error = new LinkedHashMap<>();
    error.put("pointer", violation.pointer());
    error.put("reason", violation.reason().name().toLowerCase(Locale.ROOT));
    error.put("detail", violation.detail());
    return error;
  }

  private static String seconds(Duration duration) {
    return Long.toString(Math.max(1, duration.toSeconds()));
  }
}

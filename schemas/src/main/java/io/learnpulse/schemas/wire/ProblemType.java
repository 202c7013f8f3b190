package io.learnpulse.schemas.wire;

import java.net.URI;
import java.util.Arrays;
import java.util.Optional;

/**
 * The catalogue of RFC 9457 problem types every LearnPulse HTTP service answers with. A client
 * switches on {@link #uri()} ({@value #PREFIX} + slug), never on the title or detail text. Each
 * service builds Spring's {@code ProblemDetail} from an entry with {@code type}, {@code title} and
 * the default status set here, and adds a detail for the occurrence and, for invalid input, an
 * {@code errors} list naming each field.
 */
public enum ProblemType {
  /** 400: the body is not JSON. */
  MALFORMED_JSON("malformed-json", "The request body is not valid JSON", 400),
  /** 400/422: a value in the body, path or query is invalid; {@code errors} names each field. */
  INVALID_REQUEST("invalid-body", "The request body is invalid", 422),
  /** 401: no usable bearer token. */
  INVALID_TOKEN("invalid-token", "A valid bearer token is required", 401),
  /**
   * 401: the session token is valid, but its session was superseded by a later launch of the
   * registration or was terminated (ADR 0026); the player must be launched again.
   */
  SESSION_SUPERSEDED(
      "session-superseded", "This session was superseded or has ended; launch again", 401),
  /** 403: the token is valid but does not allow this request. */
  FORBIDDEN("forbidden", "The token does not allow this request", 403),
  /** 403: the session token is for another session. */
  WRONG_SESSION("wrong-session", "The session token is not for this session", 403),
  /** 403: the browser origin is not allowed for the tenant. */
  ORIGIN_NOT_ALLOWED(
      "origin-not-allowed", "The request's origin is not allowed for this tenant", 403),
  /** 404: the named resource does not exist (or belongs to another tenant). */
  NOT_FOUND("not-found", "No such resource", 404),
  /**
   * 404: the whole API is switched off on this deployment (e.g. lms-sync's internal API without an
   * internal token) — unlike {@link #NOT_FOUND}, says nothing about the resource named.
   */
  NOT_ENABLED("not-enabled", "This API is not enabled", 404),
  /** 409: the request conflicts with the current state of the resource. */
  CONFLICT("conflict", "The request conflicts with the current state", 409),
  /** 410: the launch descriptor was revoked or has expired. */
  LAUNCH_REVOKED("launch-revoked", "This package can no longer be launched", 410),
  /** 413: the body is larger than allowed. */
  BODY_TOO_LARGE("body-too-large", "The request body is too large", 413),
  /** 413: too many events in one request. */
  BATCH_TOO_LARGE("batch-too-large", "Too many events in one request", 413),
  /** 415: the content type or encoding is not accepted. */
  UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", 415),
  /** 429: a rate limit was reached; {@code Retry-After} says when to retry. */
  RATE_LIMITED("rate-limited", "Too many requests", 429),
  /** 503: events could not be stored now; retry with the same event ids. */
  STORE_UNAVAILABLE("store-unavailable", "Events cannot be stored right now", 503),
  /** 503: the keys that sign tokens cannot be fetched. */
  KEYS_UNAVAILABLE("keys-unavailable", "Tokens cannot be verified right now", 503),
  /** 503: a dependency (database, state store) is not available now. */
  UNAVAILABLE("unavailable", "The service cannot answer right now", 503);

  /** Prefix of every LearnPulse problem type URI. */
  public static final String PREFIX = "urn:learnpulse:problem:";

  private final String slug;
  private final String title;
  private final int status;

  ProblemType(String slug, String title, int status) {
    this.slug = slug;
    this.title = title;
    this.status = status;
  }

  /** The stable slug, e.g. {@code invalid-body}. */
  public String slug() {
    return slug;
  }

  /** The {@code type} member: {@value #PREFIX} + slug. */
  public URI uri() {
    return URI.create(PREFIX + slug);
  }

  /** The short, occurrence-independent summary. */
  public String title() {
    return title;
  }

  /** The default HTTP status. */
  public int status() {
    return status;
  }

  /** The entry whose {@link #uri()} is {@code type}, if any. */
  public static Optional<ProblemType> of(URI type) {
    return Arrays.stream(values()).filter(t -> t.uri().equals(type)).findFirst();
  }
}

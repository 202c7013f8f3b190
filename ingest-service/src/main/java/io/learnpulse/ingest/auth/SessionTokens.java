package io.learnpulse.ingest.auth;

import io.learnpulse.events.v1.ScormVersion;
import io.learnpulse.ingest.domain.SessionContext;
import io.learnpulse.schemas.wire.EventLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

/**
 * The session token contract (docs/contracts.md): RS256, {@code aud} = {@value #AUDIENCE}, issued
 * by lms-sync, with an expiry, and the claims {@code sub}, {@code tid}, {@code reg} (UUID), {@code
 * sid} (UUID), {@code aid}, {@code top} and {@code ver} (a SCORM version); optionally {@code orig},
 * the tenant's player origins (docs/adr/0005-player-cors.md). The identifiers copied into events
 * ({@code sub}, {@code tid}, {@code aid}, {@code top}) must be acceptable ids ({@link
 * EventLimits#idProblem}: 1 to 255 characters, no control characters), else the token is invalid.
 */
public final class SessionTokens {

  /** Audience of session tokens. */
  public static final String AUDIENCE = "learnpulse-ingest";

  /** Claim listing the tenant's player origins (absent in tokens issued before it existed). */
  public static final String ORIGINS = "orig";

  /** Claims copied into every event as identifiers: bounded like every id ({@link EventLimits}). */
  private static final List<String> COPIED_IDS = List.of("sub", "tid", "aid", "top");

  /** Tolerance for {@code exp} and {@code nbf} against this server's clock. */
  static final Duration TOKEN_CLOCK_SKEW = Duration.ofSeconds(60);

  private SessionTokens() {}

  /** Every check a session token must pass, given the expected issuer. */
  public static OAuth2TokenValidator<Jwt> validator(String issuer) {
    return validator(issuer, Clock.systemUTC());
  }

  /** Every check a session token must pass, given the expected issuer and the clock. */
  public static OAuth2TokenValidator<Jwt> validator(String issuer, Clock clock) {
    return new DelegatingOAuth2TokenValidator<>(
        List.of(
            timestamps(clock),
            new JwtIssuerValidator(issuer),
            new JwtClaimValidator<List<String>>(
                "aud", aud -> aud != null && aud.contains(AUDIENCE)),
            SessionTokens::validateClaims,
            SessionTokens::validateOrigins));
  }

  /**
   * The time checks alone: {@code exp} required and not passed, {@code nbf} reached, both with
   * {@link #TOKEN_CLOCK_SKEW}.
   */
  static JwtTimestampValidator timestamps(Clock clock) {
    JwtTimestampValidator timestamps = new JwtTimestampValidator(TOKEN_CLOCK_SKEW);
    timestamps.setAllowEmptyExpiryClaim(false);
    timestamps.setClock(clock);
    return timestamps;
  }

  private static OAuth2TokenValidatorResult validateOrigins(Jwt jwt) {
    Object claim = jwt.getClaims().get(ORIGINS);
    if (claim == null || origins(claim).isPresent()) {
      return OAuth2TokenValidatorResult.success();
    }
    return OAuth2TokenValidatorResult.failure(
        new OAuth2Error(
            OAuth2ErrorCodes.INVALID_TOKEN,
            "the orig claim must be an array of origin strings",
            null));
  }

  /**
   * The player origins a token allows ({@code orig}: an array of strings, or one string), or empty
   * when the token has no such claim.
   */
  public static Optional<List<String>> allowedOrigins(Jwt jwt) {
    Object claim = jwt.getClaims().get(ORIGINS);
    return claim == null ? Optional.empty() : origins(claim);
  }

  private static Optional<List<String>> origins(Object claim) {
    if (claim instanceof String single) {
      return Optional.of(List.of(single));
    }
    if (claim instanceof Collection<?> many && many.stream().allMatch(String.class::isInstance)) {
      return Optional.of(many.stream().map(String.class::cast).toList());
    }
    return Optional.empty();
  }

  private static OAuth2TokenValidatorResult validateClaims(Jwt jwt) {
    for (String claim : COPIED_IDS) {
      Object value = jwt.getClaims().get(claim);
      if (value instanceof String id) {
        Optional<String> problem = EventLimits.idProblem(id);
        if (problem.isPresent()) {
          return OAuth2TokenValidatorResult.failure(
              new OAuth2Error(
                  OAuth2ErrorCodes.INVALID_TOKEN,
                  "the claim " + claim + " is not an acceptable identifier: " + problem.get(),
                  null));
        }
      }
    }
    return context(jwt)
        .map(c -> OAuth2TokenValidatorResult.success())
        .orElseGet(
            () ->
                OAuth2TokenValidatorResult.failure(
                    new OAuth2Error(
                        OAuth2ErrorCodes.INVALID_TOKEN,
                        "the token lacks a session claim (sub, tid, reg, sid, aid, top, ver)"
                            + " or one is malformed",
                        null)));
  }

  /** The session a token vouches for, or empty when a claim is missing or malformed. */
  public static Optional<SessionContext> context(Jwt jwt) {
    String learner = text(jwt, "sub");
    String tenant = text(jwt, "tid");
    UUID registration = uuid(jwt, "reg");
    UUID session = uuid(jwt, "sid");
    String assignment = text(jwt, "aid");
    String topic = text(jwt, "top");
    ScormVersion version = version(jwt);
    if (learner == null
        || tenant == null
        || registration == null
        || session == null
        || assignment == null
        || topic == null
        || version == null) {
      return Optional.empty();
    }
    return Optional.of(
        new SessionContext(tenant, learner, registration, session, assignment, topic, version));
  }

  private static String text(Jwt jwt, String claim) {
    Object value = jwt.getClaims().get(claim);
    return value instanceof String s && EventLimits.idProblem(s).isEmpty() ? s : null;
  }

  private static UUID uuid(Jwt jwt, String claim) {
    String value = text(jwt, claim);
    if (value == null) {
      return null;
    }
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static ScormVersion version(Jwt jwt) {
    String value = text(jwt, "ver");
    if (value == null) {
      return null;
    }
    try {
      return ScormVersion.valueOf(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}

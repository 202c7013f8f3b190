package io.learnpulse.ingest.auth;

import io.learnpulse.ingest.domain.SessionContext;
import io.learnpulse.ingest.problem.Problems;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * Gives handlers the verified {@link SessionContext}: from the authentication the resource server
 * established for Bearer requests, or by verifying a token carried in the body (sendBeacon). Either
 * way the request's {@code Origin}, when it has one, must be among the token's player origins
 * ({@link AllowedOrigins}): otherwise 403 {@code origin-not-allowed}; when it is, the response
 * allows that origin to read it ({@code Access-Control-Allow-Origin}, {@code Retry-After} exposed).
 * A session lms-sync revoked ({@link RevokedSessions}) is refused 401 {@code session-superseded}.
 */
@Component
public class SessionAccess {

  private final ReactiveJwtDecoder decoder;
  private final RevokedSessions revoked;

  /**
   * Access verifying body tokens with {@code decoder} and refusing the sessions in {@code revoked}.
   */
  public SessionAccess(ReactiveJwtDecoder decoder, RevokedSessions revoked) {
    this.decoder = decoder;
    this.revoked = revoked;
  }

  /**
   * 401 {@code session-superseded} when lms-sync revoked the session (ADR 26); checked on every
   * request after the token was verified or found in the cache, so the cache cannot bypass it.
   */
  static void checkNotRevoked(RevokedSessions revoked, SessionContext context) {
    revoked
        .revoked(context.sessionId())
        .ifPresent(
            reason -> {
              throw Problems.sessionSuperseded(reason == RevokedSessions.Reason.TERMINATED);
            });
  }

  /**
   * The session of an authenticated Bearer request ({@link SessionTokenFilter} checked the sid),
   * read without a reactive step: the filter verified the token already.
   *
   * @throws io.learnpulse.ingest.problem.ProblemException 401 without a verified token, 403 {@code
   *     origin-not-allowed} for an origin the token does not allow
   */
  public SessionContext current(ServerRequest request) {
    Object verified = request.exchange().getAttribute(SessionTokenFilter.VERIFIED_TOKEN);
    if (verified instanceof SessionTokenFilter.VerifiedSession session) {
      return fromAllowedOrigin(session.jwt(), session.context(), request);
    }
    throw Problems.unauthorized("a Bearer session token is required");
  }

  /**
   * Runs {@code handler} with the session of an authenticated Bearer request ({@link
   * #current(ServerRequest)}), or answers its refusal as the returned {@link Mono}'s error.
   */
  public <T> Mono<T> with(ServerRequest request, Function<SessionContext, Mono<T>> handler) {
    SessionContext session;
    try {
      session = current(request);
    } catch (RuntimeException e) {
      return Mono.error(e);
    }
    return handler.apply(session);
  }

  /**
   * Verifies a token taken from the body of {@code request} and checks it is for the path's session
   * and the request's origin: 401 when it is not a valid session token, 403 when it is for another
   * session or another origin.
   */
  public Mono<SessionContext> verify(String token, ServerRequest request) {
    return verify(token, request, true);
  }

  /**
   * Verifies a token taken from the body of {@code request} and checks it is for the path's
   * session, whatever the request's origin: for the end-of-session signal, which the bridge sends
   * from the LMS's origin (docs/adr/0018-limits-session-end-and-request-deadline.md). The response
   * gets no {@code Access-Control-Allow-Origin}: a beacon does not read it.
   */
  public Mono<SessionContext> verifyAnyOrigin(String token, ServerRequest request) {
    return verify(token, request, false);
  }

  private Mono<SessionContext> verify(String token, ServerRequest request, boolean checkOrigin) {
    String sessionId = request.pathVariable("sessionId");
    return decoder
        .decode(token)
        .onErrorMap(
            JwtException.class,
            e ->
                e instanceof BadJwtException || e instanceof JwtValidationException
                    ? Problems.unauthorized(SessionTokenFilter.invalidDetail(e))
                    : new AuthenticationServiceException(e.getMessage(), e))
        .flatMap(
            jwt ->
                Mono.justOrEmpty(SessionTokens.context(jwt))
                    .map(
                        context -> {
                          if (!sameSession(context, sessionId)) {
                            throw Problems.wrongSession();
                          }
                          checkNotRevoked(revoked, context);
                          return checkOrigin ? fromAllowedOrigin(jwt, context, request) : context;
                        }))
        .switchIfEmpty(Mono.error(Problems.unauthorized("the session token is invalid")));
  }

  private static SessionContext fromAllowedOrigin(
      Jwt jwt, SessionContext context, ServerRequest request) {
    String origin = request.headers().firstHeader(HttpHeaders.ORIGIN);
    if (origin == null) {
      // Not a browser's cross-origin request: allowed, nothing to add to the response.
      return context;
    }
    if (!AllowedOrigins.of(SessionTokens.allowedOrigins(jwt)).allows(origin)) {
      throw Problems.originNotAllowed();
    }
    HttpHeaders response = request.exchange().getResponse().getHeaders();
    response.setAccessControlAllowOrigin(origin);
    response.setAccessControlExposeHeaders(List.of(HttpHeaders.RETRY_AFTER));
    CorsPreflightFilter.varyByOrigin(response);
    return context;
  }

  /** True when {@code pathSessionId} names the token's session. */
  static boolean sameSession(SessionContext context, String pathSessionId) {
    try {
      return context.sessionId().equals(UUID.fromString(pathSessionId));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}

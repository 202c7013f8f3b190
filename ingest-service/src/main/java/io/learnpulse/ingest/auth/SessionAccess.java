package io.learnpulse.ingest.auth;

import io.learnpulse.ingest.domain.SessionContext;
import io.learnpulse.ingest.problem.ProblemException;
import io.learnpulse.ingest.problem.Problems;
import java.util.UUID;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * Gives handlers the verified {@link SessionContext}: from the authentication the resource server
 * established for Bearer requests, or by verifying a token carried in the body (sendBeacon).
 */
@Component
public class SessionAccess {

  private final ReactiveJwtDecoder decoder;

  /** Access verifying body tokens with {@code decoder}. */
  public SessionAccess(ReactiveJwtDecoder decoder) {
    this.decoder = decoder;
  }

  /** The session of an authenticated Bearer request (the security filter checked the sid). */
  public Mono<SessionContext> current(ServerRequest request) {
    return request
        .principal()
        .filter(JwtAuthenticationToken.class::isInstance)
        .map(p -> SessionTokens.context(((JwtAuthenticationToken) p).getToken()))
        .flatMap(Mono::justOrEmpty)
        .switchIfEmpty(
            Mono.error(
                new ProblemException(Problems.unauthorized("a Bearer session token is required"))));
  }

  /**
   * Verifies a token taken from a request body and checks it is for {@code sessionId}: 401 when it
   * is not a valid session token, 403 when it is for another session.
   */
  public Mono<SessionContext> verify(String token, String sessionId) {
    return decoder
        .decode(token)
        .onErrorMap(
            JwtException.class,
            e ->
                e instanceof BadJwtException || e instanceof JwtValidationException
                    ? new ProblemException(Problems.unauthorized("the session token is invalid"))
                    : new AuthenticationServiceException(e.getMessage(), e))
        .map(SessionTokens::context)
        .flatMap(Mono::justOrEmpty)
        .switchIfEmpty(
            Mono.error(new ProblemException(Problems.unauthorized("the session token is invalid"))))
        .map(
            context -> {
              if (!sameSession(context, sessionId)) {
                throw new ProblemException(Problems.wrongSession());
              }
              return context;
            });
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

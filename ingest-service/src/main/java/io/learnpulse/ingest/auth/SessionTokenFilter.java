package io.learnpulse.ingest.auth;

import io.learnpulse.ingest.domain.SessionContext;
import io.learnpulse.ingest.problem.ProblemWriter;
import io.learnpulse.ingest.problem.Problems;
import java.util.Objects;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Bearer authentication of the player endpoints ({@code /v1/sessions/{sessionId}/**}), in one web
 * filter instead of Spring Security's reactive filter chain, whose dozen nested filters, matchers
 * and authorization managers cost more per request than the rest of ingest's request handling
 * together (docs/benchmarks.md): the checks are the same. Every request there, whatever its method,
 * needs a valid session token ({@link SessionTokens}, verified by the caching decoder) whose {@code
 * sid} is the path's session — no, malformed, expired or foreign token is 401 {@code
 * invalid-token}, a key-fetch failure 503 {@code keys-unavailable}, another session's token 403
 * {@code wrong-session}, a session lms-sync revoked (superseded or terminated, {@link
 * RevokedSessions}) 401 {@code session-superseded}, readable by the token's player origin so the
 * player can stop — except CORS preflights (answered before, {@link CorsPreflightFilter}) and the
 * sendBeacon and end-of-session endpoints, whose token is in the body ({@link
 * SessionAccess#verify}, {@link SessionAccess#verifyAnyOrigin}). The verified token and its session
 * are left in an exchange attribute for {@link SessionAccess#current}. Responses carry the security
 * headers Spring Security's chain wrote.
 */
final class SessionTokenFilter implements WebFilter, Ordered {

  /** After {@link CorsPreflightFilter}, long before the handlers. */
  static final int ORDER = CorsPreflightFilter.ORDER + 10;

  /** Exchange attribute holding the request's {@link VerifiedSession}. */
  static final String VERIFIED_TOKEN = SessionTokenFilter.class.getName() + ".token";

  /**
   * A verified token and the session it vouches for, read from its claims once per request (the
   * handler used to read them a second time).
   */
  record VerifiedSession(Jwt jwt, SessionContext context) {}

  private static final String PLAYER_PATHS = "/v1/sessions/";
  private static final String BEACON = "/beacon";
  private static final String END = "/end";
  private static final String BEARER = "Bearer ";

  private final ReactiveJwtDecoder decoder;
  private final RevokedSessions revoked;
  private final ProblemWriter problems;

  SessionTokenFilter(ReactiveJwtDecoder decoder, RevokedSessions revoked, ProblemWriter problems) {
    this.decoder = decoder;
    this.revoked = revoked;
    this.problems = problems;
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    String path = request.getPath().pathWithinApplication().value();
    if (!path.startsWith(PLAYER_PATHS)) {
      return chain.filter(exchange);
    }
    writeSecurityHeaders(exchange.getResponse().getHeaders());
    int idEnd = path.indexOf('/', PLAYER_PATHS.length());
    if (idEnd < 0) {
      idEnd = path.length();
    }
    if (idEnd == PLAYER_PATHS.length()) {
      // No session id: no player endpoint, nothing to authenticate for.
      return chain.filter(exchange);
    }
    if (request.getMethod() == HttpMethod.POST
        && (endpointIs(path, idEnd, BEACON) || endpointIs(path, idEnd, END))) {
      // The token is in the body: the handler verifies it.
      return chain.filter(exchange);
    }
    String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (authorization == null) {
      return problems.write(exchange, Problems.unauthorized("a Bearer session token is required"));
    }
    if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
        || authorization.length() == BEARER.length()) {
      return invalid(exchange);
    }
    String sessionId = path.substring(PLAYER_PATHS.length(), idEnd);
    return decoder
        .decode(authorization.substring(BEARER.length()).trim())
        .onErrorResume(
            JwtException.class,
            e ->
                e instanceof BadJwtException || e instanceof JwtValidationException
                    ? problems
                        .write(exchange, Problems.unauthorized(invalidDetail(e)))
                        .then(Mono.empty())
                    : Mono.error(new AuthenticationServiceException(e.getMessage(), e)))
        .flatMap(jwt -> authorized(exchange, chain, jwt, sessionId));
  }

  private static boolean endpointIs(String path, int idEnd, String endpoint) {
    return path.length() == idEnd + endpoint.length() && path.endsWith(endpoint);
  }

  private Mono<Void> authorized(
      ServerWebExchange exchange, WebFilterChain chain, Jwt jwt, String sessionId) {
    var session = SessionTokens.context(jwt);
    if (session.isEmpty()) {
      return invalid(exchange);
    }
    if (!SessionAccess.sameSession(session.get(), sessionId)) {
      return problems.write(exchange, Problems.wrongSession());
    }
    var revocation = revoked.revoked(session.get().sessionId());
    if (revocation.isPresent()) {
      // The player must read this answer to stop and tell the learner (ADR 26): a browser hides a
      // cross-origin answer without Access-Control-Allow-Origin, so allow the origin the verified
      // token allows, as an accepted request's answer does.
      allowTokensOrigin(exchange, jwt);
      return problems.write(
          exchange,
          Problems.sessionSuperseded(revocation.get() == RevokedSessions.Reason.TERMINATED));
    }
    exchange.getAttributes().put(VERIFIED_TOKEN, new VerifiedSession(jwt, session.get()));
    return chain.filter(exchange);
  }

  private static void allowTokensOrigin(ServerWebExchange exchange, Jwt jwt) {
    String origin = exchange.getRequest().getHeaders().getOrigin();
    if (origin != null && AllowedOrigins.of(SessionTokens.allowedOrigins(jwt)).allows(origin)) {
      HttpHeaders headers = exchange.getResponse().getHeaders();
      headers.setAccessControlAllowOrigin(origin);
      CorsPreflightFilter.varyByOrigin(headers);
    }
  }

  /**
   * What is wrong with a refused token, for the 401's detail: the failed checks of a validation
   * (expiry, issuer, a claim that is no acceptable identifier, ...), else that it is invalid.
   */
  static String invalidDetail(JwtException e) {
    if (e instanceof JwtValidationException validation && !validation.getErrors().isEmpty()) {
      return "the session token is invalid: "
          + validation.getErrors().stream()
              .map(OAuth2Error::getDescription)
              .filter(Objects::nonNull)
              .collect(Collectors.joining("; "));
    }
    return "the session token is invalid";
  }

  private Mono<Void> invalid(ServerWebExchange exchange) {
    return problems.write(exchange, Problems.unauthorized("the session token is invalid"));
  }

  /** Spring Security's default response headers (no HSTS: it only applies to HTTPS requests). */
  private static void writeSecurityHeaders(HttpHeaders headers) {
    headers.set(HttpHeaders.CACHE_CONTROL, "no-cache, no-store, max-age=0, must-revalidate");
    headers.set(HttpHeaders.PRAGMA, "no-cache");
    headers.set(HttpHeaders.EXPIRES, "0");
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("X-Frame-Options", "DENY");
    headers.set("X-XSS-Protection", "0");
  }
}

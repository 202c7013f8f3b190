package io.learnpulse.ingest.auth;

import io.learnpulse.ingest.IngestProperties;
import io.learnpulse.ingest.problem.ProblemWriter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Session-token security. Bearer requests to {@code /v1/sessions/{sessionId}/**} are verified by
 * {@link SessionTokenFilter} against lms-sync's JWKS ({@link SessionTokenKeys}; RS256, issuer,
 * audience {@value SessionTokens#AUDIENCE}, expiry, session claims), each distinct token once while
 * its keys stand ({@link VerifiedTokenCache}, expiry checked on every request): no, malformed,
 * expired or foreign token is 401; a valid token whose {@code sid} is not the path's session is
 * 403. The sendBeacon endpoint carries its token in the body, so the handler verifies it ({@link
 * SessionAccess#verify}). CORS preflights are answered before authentication ({@link
 * CorsPreflightFilter}); the origin of an actual request is judged against its token ({@link
 * SessionAccess}). Stateless: no session, no CSRF (no cookies are used), no request cache.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

  private static final String PLAYER_PATHS = "/v1/sessions/";

  /** The sessions lms-sync revoked (ADR 26), filled by the revocation listener. */
  @Bean
  RevokedSessions revokedSessions(IngestProperties properties, Clock clock) {
    return new RevokedSessions(properties.maxRevokedSessions(), clock);
  }

  @Bean
  ReactiveJwtDecoder sessionTokenDecoder(
      IngestProperties properties, Clock clock, ObjectProvider<MeterRegistry> meters) {
    AtomicReference<VerifiedTokenCache> cache = new AtomicReference<>();
    SessionTokenKeys keys =
        new SessionTokenKeys(
            WebClient.create(),
            properties.jwksUri().toString(),
            properties.jwksRefresh(),
            properties.jwksRefetchCooldown(),
            clock,
            changed -> {
              VerifiedTokenCache verified = cache.get();
              if (verified != null) {
                verified.invalidateAll();
              }
            });
    NimbusReactiveJwtDecoder verifier =
        NimbusReactiveJwtDecoder.withJwkSource(jwt -> keys.candidates(jwt.getHeader()))
            .jwsAlgorithm(SignatureAlgorithm.RS256)
            .build();
    verifier.setJwtValidator(SessionTokens.validator(properties.issuer(), clock));
    VerifiedTokenCache verified =
        new VerifiedTokenCache(
            verifier,
            keys,
            SessionTokens.timestamps(clock),
            SessionTokens.TOKEN_CLOCK_SKEW,
            properties.tokenCacheSize(),
            clock);
    cache.set(verified);
    meters.ifAvailable(verified::bindTo);
    // Key-fetch failures surface as plain exceptions: make them a (non-"bad token") JwtException,
    // which the resource server reports as an AuthenticationServiceException, answered 503.
    return token ->
        verified
            .decode(token)
            .onErrorMap(
                e -> !(e instanceof JwtException),
                e -> new JwtException("cannot verify the token: " + e.getMessage(), e));
  }

  @Bean
  CorsPreflightFilter corsPreflightFilter() {
    return new CorsPreflightFilter();
  }

  @Bean
  SessionTokenFilter sessionTokenFilter(
      ReactiveJwtDecoder decoder, RevokedSessions revoked, ProblemWriter problems) {
    return new SessionTokenFilter(decoder, revoked, problems);
  }

  /**
   * Spring Security's chain for everything but the player endpoints (actuator, the OpenAPI
   * description): open, with its response headers; the player endpoints are {@link
   * SessionTokenFilter}'s.
   */
  @Bean
  SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http) {
    // A plain prefix test: Spring's path matchers would build a debug message on every request.
    return http.securityMatcher(
            exchange ->
                exchange
                        .getRequest()
                        .getPath()
                        .pathWithinApplication()
                        .value()
                        .startsWith(PLAYER_PATHS)
                    ? ServerWebExchangeMatcher.MatchResult.notMatch()
                    : ServerWebExchangeMatcher.MatchResult.match())
        .csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
        .cors(ServerHttpSecurity.CorsSpec::disable)
        .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
        .authorizeExchange(exchanges -> exchanges.anyExchange().permitAll())
        .build();
  }
}

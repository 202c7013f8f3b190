package io.learnpulse.ingest.auth;

import java.time.Duration;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * CORS for the player endpoints ({@code /v1/sessions/**}), ahead of authentication ({@link
 * SessionTokenFilter}). A preflight carries no token, so it cannot be judged by tenant: it is
 * answered {@code 204} for any origin (reflected), allowing {@code POST} with {@code Authorization}
 * and {@code Content-Type}, cached for an hour. The decision is made on the actual request, whose
 * token names the tenant's origins ({@link SessionAccess}). Every player response varies by {@code
 * Origin}.
 */
final class CorsPreflightFilter implements WebFilter, Ordered {

  /** After the request metrics filter (which must see the preflight answers too). */
  static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

  /** How long a browser may cache a preflight answer. */
  static final Duration MAX_AGE = Duration.ofHours(1);

  private static final String PLAYER_PATHS = "/v1/sessions/";

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    ServerHttpRequest request = exchange.getRequest();
    if (!request.getPath().pathWithinApplication().value().startsWith(PLAYER_PATHS)) {
      return chain.filter(exchange);
    }
    ServerHttpResponse response = exchange.getResponse();
    varyByOrigin(response.getHeaders());
    if (!CorsUtils.isPreFlightRequest(request)) {
      return chain.filter(exchange);
    }
    HttpHeaders headers = response.getHeaders();
    headers.setAccessControlAllowOrigin(request.getHeaders().getOrigin());
    headers.setAccessControlAllowMethods(List.of(HttpMethod.POST));
    headers.setAccessControlAllowHeaders(
        List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE));
    headers.setAccessControlMaxAge(MAX_AGE);
    response.setStatusCode(HttpStatus.NO_CONTENT);
    return response.setComplete();
  }

  /** Adds {@code Vary: Origin} unless the response already varies by origin. */
  static void varyByOrigin(HttpHeaders headers) {
    if (headers.getVary().stream().noneMatch(HttpHeaders.ORIGIN::equalsIgnoreCase)) {
      headers.add(HttpHeaders.VARY, HttpHeaders.ORIGIN);
    }
  }
}

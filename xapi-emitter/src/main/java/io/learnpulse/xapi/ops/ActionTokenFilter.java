package io.learnpulse.xapi.ops;

import io.learnpulse.schemas.wire.ProblemType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Guards the write actions of {@code /actuator/xapi} (replay, resend, resume): they need {@code
 * Authorization: Bearer <learnpulse.xapi.management-token>}; without it the answer is 401, and with
 * no token configured every write is refused with 403. Reads (GET) stay open on the management
 * port, which is loopback or NetworkPolicy-restricted.
 */
public final class ActionTokenFilter implements WebFilter {

  private static final String PATH = "/actuator/xapi";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final byte @Nullable [] token;

  /** A filter requiring {@code token}; null or blank refuses every write. */
  public ActionTokenFilter(@Nullable String token) {
    this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String path = exchange.getRequest().getPath().pathWithinApplication().value();
    HttpMethod method = exchange.getRequest().getMethod();
    boolean write = !HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method);
    if (!write || !(path.equals(PATH) || path.startsWith(PATH + "/"))) {
      return chain.filter(exchange);
    }
    if (token == null) {
      return problem(
          exchange.getResponse(),
          ProblemType.FORBIDDEN,
          "xAPI write actions are disabled: set learnpulse.xapi.management-token");
    }
    Optional<byte[]> given =
        Optional.ofNullable(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION))
            .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
            .map(h -> h.substring(7).trim().getBytes(StandardCharsets.UTF_8));
    if (given.isEmpty() || !MessageDigest.isEqual(given.get(), token)) {
      exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
      return problem(
          exchange.getResponse(),
          ProblemType.INVALID_TOKEN,
          "xAPI write actions need the management token as a bearer token");
    }
    return chain.filter(exchange);
  }

  private static Mono<Void> problem(ServerHttpResponse response, ProblemType type, String detail) {
    response.setStatusCode(HttpStatus.valueOf(type.status()));
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type.uri().toString());
    body.put("title", type.title());
    body.put("status", type.status());
    body.put("detail", detail);
    byte[] json = JSON.writeValueAsBytes(body);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(json)));
  }
}

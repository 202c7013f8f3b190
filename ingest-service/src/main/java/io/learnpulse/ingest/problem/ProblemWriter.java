package io.learnpulse.ingest.problem;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Writes a {@link Problem} as {@code application/problem+json} straight to the exchange. */
@Component
public class ProblemWriter {

  private final JsonMapper json;

  /** A writer serializing with {@code json}. */
  public ProblemWriter(JsonMapper json) {
    this.json = json;
  }

  /** Answers the exchange with {@code problem}. */
  public Mono<Void> write(ServerWebExchange exchange, Problem problem) {
    ServerHttpResponse response = exchange.getResponse();
    if (response.isCommitted()) {
      return Mono.empty();
    }
    response.setStatusCode(problem.status());
    response.getHeaders().putAll(problem.headers());
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    byte[] bytes = json.writeValueAsBytes(problem.body(exchange.getRequest().getPath().value()));
    DataBuffer buffer = response.bufferFactory().wrap(bytes);
    return response.writeWith(Mono.just(buffer));
  }
}

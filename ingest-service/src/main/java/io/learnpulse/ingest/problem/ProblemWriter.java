package io.learnpulse.ingest.problem;

import io.learnpulse.ingest.metrics.IngestMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a {@link Problem} as {@code application/problem+json} straight to the exchange, counts it
 * as a rejection when it is the client's mistake, and logs it at debug level (status, type, method
 * and path: never the body, whose fields and token stay out of the logs).
 */
@Component
public class ProblemWriter {

  private static final Logger log = LoggerFactory.getLogger(ProblemWriter.class);

  private final JsonMapper json;
  private final IngestMetrics metrics;

  /** A writer serializing with {@code json}. */
  public ProblemWriter(JsonMapper json, IngestMetrics metrics) {
    this.json = json;
    this.metrics = metrics;
  }

  /** Answers the exchange with {@code problem}. */
  public Mono<Void> write(ServerWebExchange exchange, Problem problem) {
    ServerHttpResponse response = exchange.getResponse();
    if (response.isCommitted()) {
      return Mono.empty();
    }
    metrics.rejected(problem);
    log.atDebug()
        .setMessage("request answered with a problem")
        .addKeyValue("status", problem.status().value())
        .addKeyValue("type", problem.type())
        .addKeyValue("method", exchange.getRequest().getMethod().name())
        .addKeyValue("path", exchange.getRequest().getPath().value())
        .log();
    response.setStatusCode(problem.status());
    response.getHeaders().putAll(problem.headers());
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    byte[] bytes = json.writeValueAsBytes(problem.body(exchange.getRequest().getPath().value()));
    DataBuffer buffer = response.bufferFactory().wrap(bytes);
    return response.writeWith(Mono.just(buffer));
  }
}

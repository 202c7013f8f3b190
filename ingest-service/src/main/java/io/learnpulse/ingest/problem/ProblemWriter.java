package io.learnpulse.ingest.problem;

import io.learnpulse.ingest.metrics.IngestMetrics;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an {@link ErrorResponse} (status, headers, {@link ProblemDetail}) as {@code
 * application/problem+json} straight to the exchange, counts it as a rejection when it is the
 * client's mistake, and logs it at debug level (status, type, method and path: never the body,
 * whose fields and token stay out of the logs). The document holds {@code type}, {@code title},
 * {@code status}, {@code detail}, {@code instance} (the request path) and then the problem's
 * properties ({@code errors}) as members, as RFC 9457 has them.
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

  /** Answers the exchange with {@code problem}, unless an answer was already committed. */
  public Mono<Void> write(ServerWebExchange exchange, ErrorResponse problem) {
    ServerHttpResponse response = exchange.getResponse();
    if (response.isCommitted()) {
      return Mono.empty();
    }
    ProblemDetail body = problem.getBody();
    metrics.rejected(body);
    log.atDebug()
        .setMessage("request answered with a problem")
        .addKeyValue("status", body.getStatus())
        .addKeyValue("type", Problems.slug(body))
        .addKeyValue("method", exchange.getRequest().getMethod().name())
        .addKeyValue("path", exchange.getRequest().getPath().value())
        .log();
    response.setStatusCode(problem.getStatusCode());
    response.getHeaders().putAll(problem.getHeaders());
    response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    byte[] bytes = json.writeValueAsBytes(document(body, exchange.getRequest().getPath().value()));
    DataBuffer buffer = response.bufferFactory().wrap(bytes);
    return response.writeWith(Mono.just(buffer));
  }

  private static Map<String, Object> document(ProblemDetail problem, String instance) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("type", problem.getType().toString());
    document.put("title", problem.getTitle());
    document.put("status", problem.getStatus());
    document.put("detail", problem.getDetail());
    document.put(
        "instance", problem.getInstance() == null ? instance : problem.getInstance().toString());
    if (problem.getProperties() != null) {
      document.putAll(problem.getProperties());
    }
    return document;
  }
}

package io.learnpulse.ingest.request;

import io.learnpulse.ingest.IngestProperties;
import io.learnpulse.ingest.problem.ProblemWriter;
import io.learnpulse.ingest.problem.Problems;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Every request to the player endpoints ({@code /v1/sessions/**}) gets an answer within {@code
 * request-deadline}, whatever happens inside: a body that arrives slowly or never completes, a key
 * fetch or a Kafka acknowledgement that never comes, a handler chain that neither emits nor fails.
 * Past the deadline the chain is cancelled and the request answered 503 problem+json ({@code
 * unavailable}, {@code Retry-After}) with {@code Connection: close}, since a request whose body was
 * not read to its end leaves the connection unusable. A chain that completes without having
 * answered (which WebFlux would turn into an empty 200, a silent success that stored nothing) is
 * answered 500 instead. On HTTP/1.1 keep-alive, an exchange that never ends also keeps the server
 * from reading the connection's next request: this bound is what frees it.
 */
@Component
public class RequestDeadlineFilter implements WebFilter, Ordered {

  /** After the request metrics filter (which must count these answers), before CORS and auth. */
  static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 15;

  private static final Logger log = LoggerFactory.getLogger(RequestDeadlineFilter.class);

  private static final String PLAYER_PATHS = "/v1/sessions/";

  private final Duration deadline;
  private final Duration retryAfter;
  private final ProblemWriter problems;

  /** A filter bounding player requests by {@code request-deadline}. */
  public RequestDeadlineFilter(IngestProperties properties, ProblemWriter problems) {
    this.deadline = properties.requestDeadline();
    this.retryAfter = properties.retryAfter();
    this.problems = problems;
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (!exchange.getRequest().getPath().pathWithinApplication().value().startsWith(PLAYER_PATHS)) {
      return chain.filter(exchange);
    }
    return chain
        .filter(exchange)
        .then(Mono.defer(() -> unanswered(exchange)))
        .timeout(deadline, Mono.defer(() -> overdue(exchange)));
  }

  private Mono<Void> unanswered(ServerWebExchange exchange) {
    if (exchange.getResponse().isCommitted()) {
      return Mono.empty();
    }
    log.error(
        "the handler chain of {} completed without answering",
        exchange.getRequest().getPath().value());
    return problems.write(exchange, Problems.internalError());
  }

  private Mono<Void> overdue(ServerWebExchange exchange) {
    ServerHttpResponse response = exchange.getResponse();
    log.atWarn()
        .setMessage("request not answered within the deadline")
        .addKeyValue("method", exchange.getRequest().getMethod().name())
        .addKeyValue("path", exchange.getRequest().getPath().value())
        .addKeyValue("deadlineMillis", deadline.toMillis())
        .addKeyValue("committed", response.isCommitted())
        .log();
    if (response.isCommitted()) {
      // Headers are out but the body is stuck: nothing can be answered any more, only the
      // connection released (an error ends the exchange and closes it).
      return Mono.error(new IllegalStateException("response stuck past the request deadline"));
    }
    response.getHeaders().set(HttpHeaders.CONNECTION, "close");
    return problems.write(exchange, Problems.deadlineExceeded(deadline, retryAfter));
  }
}

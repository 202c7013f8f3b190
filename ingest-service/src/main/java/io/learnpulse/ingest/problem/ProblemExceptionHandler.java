package io.learnpulse.ingest.problem;

import io.learnpulse.ingest.IngestProperties;
import io.learnpulse.ingest.kafka.PublishFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * Renders every error as {@code application/problem+json}, ahead of Boot's default error handler.
 * Client mistakes arrive as {@link ProblemException}; Kafka and key-fetch failures become 503 with
 * {@code Retry-After}; statuses of Spring's web layer (404, 405, ...) keep their status; anything
 * unexpected is logged and answered 500 without internals.
 */
@Component
@Order(-2)
public class ProblemExceptionHandler implements WebExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

  private final ProblemWriter writer;
  private final IngestProperties properties;

  /** A handler writing through {@code writer}. */
  public ProblemExceptionHandler(ProblemWriter writer, IngestProperties properties) {
    this.writer = writer;
    this.properties = properties;
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
    return writer.write(exchange, problemFor(exchange, error));
  }

  private ErrorResponse problemFor(ServerWebExchange exchange, Throwable error) {
    if (error instanceof ProblemException problem) {
      return problem;
    }
    if (error instanceof PublishFailedException) {
      log.warn("Kafka did not acknowledge the events of {}: {}", path(exchange), error.toString());
      return Problems.storeUnavailable(properties.retryAfter());
    }
    if (error instanceof AuthenticationServiceException) {
      log.warn("cannot verify a session token for {}: {}", path(exchange), error.toString());
      return Problems.keysUnavailable(properties.retryAfter());
    }
    if (error instanceof ResponseStatusException status) {
      ProblemException problem = Problems.forStatus(status.getStatusCode(), status.getReason());
      problem.getHeaders().addAll(status.getHeaders());
      return problem;
    }
    log.error("unexpected failure on {}", path(exchange), error);
    return Problems.internalError();
  }

  private static String path(ServerWebExchange exchange) {
    return exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath().value();
  }
}

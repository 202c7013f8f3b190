package io.learnpulse.ingest.metrics;

import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Counts every POST to a player endpoint by the status it is answered with, including the 401s and
 * 403s of the security filters, which is why it runs ahead of them and reads the status when the
 * response is committed.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestMetricsFilter implements WebFilter {

  private static final PathPattern PLAYER_ENDPOINT =
      PathPatternParser.defaultInstance.parse("/v1/sessions/{sessionId}/{endpoint}");

  private final IngestMetrics metrics;

  RequestMetricsFilter(IngestMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    if (exchange.getRequest().getMethod() != HttpMethod.POST) {
      return chain.filter(exchange);
    }
    PathPattern.PathMatchInfo match =
        PLAYER_ENDPOINT.matchAndExtract(exchange.getRequest().getPath().pathWithinApplication());
    if (match == null) {
      return chain.filter(exchange);
    }
    Map<String, String> variables = match.getUriVariables();
    String endpoint = variables.get("endpoint");
    if (!IngestMetrics.ENDPOINTS.contains(endpoint)) {
      return chain.filter(exchange);
    }
    exchange
        .getResponse()
        .beforeCommit(
            () -> {
              HttpStatusCode status = exchange.getResponse().getStatusCode();
              metrics.request(
                  endpoint, IngestMetrics.Outcome.of(status == null ? 200 : status.value()));
              return Mono.empty();
            });
    return chain.filter(exchange);
  }
}

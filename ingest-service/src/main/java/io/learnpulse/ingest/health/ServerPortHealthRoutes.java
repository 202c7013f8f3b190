package io.learnpulse.ingest.health;

import java.util.Map;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Health on the service port, at the paths actuator serves it on the management port ({@code
 * /actuator/health}, {@code /liveness}, {@code /readiness}): status only, no details, for probes
 * and load balancers. Everything else of actuator (metrics, health details) is on {@code
 * management.server.port}, bound to loopback by default, so nothing that reaches the service port
 * reads it (issue 10; the same as lms-sync's and xapi-emitter's).
 */
@Configuration(proxyBeanMethods = false)
class ServerPortHealthRoutes {

  @Bean
  RouterFunction<ServerResponse> serverPortHealth(HealthEndpoint health) {
    return RouterFunctions.route()
        .GET("/actuator/health", request -> answer(() -> health.health()))
        .GET("/actuator/health/liveness", request -> answer(() -> health.healthForPath("liveness")))
        .GET(
            "/actuator/health/readiness",
            request -> answer(() -> health.healthForPath("readiness")))
        .build();
  }

  private interface Check {
    HealthDescriptor run();
  }

  private static Mono<ServerResponse> answer(Check check) {
    // Health contributors may block (they are adapted to the blocking endpoint): off the event
    // loop.
    return Mono.fromCallable(check::run)
        .subscribeOn(Schedulers.boundedElastic())
        .map(HealthDescriptor::getStatus)
        .defaultIfEmpty(Status.UNKNOWN)
        .flatMap(
            status ->
                ServerResponse.status(
                        Status.UP.equals(status) ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("status", status.getCode())));
  }
}

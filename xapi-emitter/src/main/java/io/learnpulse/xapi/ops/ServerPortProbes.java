package io.learnpulse.xapi.ops;

import java.util.Map;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The liveness and readiness probes on the main server port, at the paths actuator serves them on
 * the management port ({@code /actuator/health/liveness}, {@code /actuator/health/readiness}):
 * actuator itself lives on the loopback management port, while kubelets and the local stack probe
 * the main port. Only the status is answered, no details. (Boot's own {@code additional-path}
 * accepts one path segment only, {@code /livez} and {@code /readyz}.)
 */
public final class ServerPortProbes {

  private ServerPortProbes() {}

  /** The two routes, answered from {@code health}'s liveness and readiness groups. */
  public static RouterFunction<ServerResponse> routes(HealthEndpoint health) {
    return RouterFunctions.route()
        .GET("/actuator/health/liveness", request -> probe(health, "liveness"))
        .GET("/actuator/health/readiness", request -> probe(health, "readiness"))
        .build();
  }

  private static Mono<ServerResponse> probe(HealthEndpoint health, String group) {
    return Mono.fromCallable(() -> health.healthForPath(group))
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(
            descriptor -> {
              Status status = descriptor == null ? Status.UNKNOWN : statusOf(descriptor);
              return ServerResponse.status(
                      Status.UP.equals(status) ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                  .contentType(MediaType.APPLICATION_JSON)
                  .bodyValue(Map.of("status", status.getCode()));
            });
  }

  private static Status statusOf(HealthDescriptor descriptor) {
    return descriptor.getStatus();
  }
}

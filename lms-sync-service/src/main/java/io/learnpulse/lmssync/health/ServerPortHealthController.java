package io.learnpulse.lmssync.health;

import java.util.Map;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Health on the service port, at the paths actuator serves it on the management port ({@code
 * /actuator/health}, {@code /actuator/health/liveness}, {@code /actuator/health/readiness}): status
 * only, no details. Everything else of actuator (metrics, the details of health) is on {@code
 * management.server.port}, bound to loopback by default, so nothing that reaches the service port
 * reads it. (Boot's own {@code additional-path} takes one path segment only, {@code /livez}.)
 */
@RestController
class ServerPortHealthController {

  private final HealthEndpoint health;

  ServerPortHealthController(HealthEndpoint health) {
    this.health = health;
  }

  @GetMapping("/actuator/health")
  ResponseEntity<Map<String, String>> health() {
    return answer(health.health());
  }

  @GetMapping("/actuator/health/liveness")
  ResponseEntity<Map<String, String>> liveness() {
    return answer(health.healthForPath("liveness"));
  }

  @GetMapping("/actuator/health/readiness")
  ResponseEntity<Map<String, String>> readiness() {
    return answer(health.healthForPath("readiness"));
  }

  private static ResponseEntity<Map<String, String>> answer(HealthDescriptor descriptor) {
    Status status = descriptor == null ? Status.UNKNOWN : descriptor.getStatus();
    return ResponseEntity.status(
            Status.UP.equals(status) ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("status", status.getCode()));
  }
}

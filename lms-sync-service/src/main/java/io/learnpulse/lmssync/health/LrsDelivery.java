package io.learnpulse.lmssync.health;

import io.learnpulse.lmssync.LmsSyncProperties;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tenant's LRS delivery state as xapi-emitter itself reports it: its {@code /actuator/xapi} read
 * (a GET, open on its management port, which only the cluster reaches) lists every tenant, and only
 * the asked tenant's entry leaves this class. Without {@code health.xapi-status-url}, or when
 * xapi-emitter does not answer within 2 s, the state is "unavailable" with the reason.
 */
@Component
public class LrsDelivery {

  private static final Logger log = LoggerFactory.getLogger(LrsDelivery.class);

  /**
   * What xapi-emitter reports for one tenant.
   *
   * @param source {@code xapi-emitter}, or {@code unavailable} with {@code reason} saying why
   * @param state ACTIVE, RETRYING, UNAVAILABLE or PAUSED; {@code IDLE} when the emitter has sent
   *     nothing for the tenant since it started
   */
  public record State(
      String source,
      String state,
      Long backlog,
      Long inFlight,
      Long parked,
      Long dropped,
      String reason) {}

  private final URI statusUrl;
  private final JsonMapper json;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  LrsDelivery(LmsSyncProperties properties, JsonMapper json) {
    this.statusUrl = properties.health().xapiStatusUrl();
    this.json = json;
  }

  /** What xapi-emitter reports for {@code tenantId}, or why it is unavailable. */
  public State of(String tenantId) {
    if (statusUrl == null) {
      return unavailable(
          "xapi-emitter's status URL is not configured (learnpulse.lms-sync.health.xapi-status-url)");
    }
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(statusUrl).timeout(Duration.ofSeconds(2)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return unavailable("xapi-emitter answered HTTP " + response.statusCode());
      }
      JsonNode tenant = json.readTree(response.body()).path(tenantId);
      if (tenant.isMissingNode() || !tenant.isObject()) {
        return new State("xapi-emitter", "IDLE", 0L, 0L, 0L, 0L, null);
      }
      return new State(
          "xapi-emitter",
          tenant.path("state").asString("UNKNOWN"),
          tenant.path("backlog").asLong(),
          tenant.path("inFlight").asLong(),
          tenant.path("parked").asLong(),
          tenant.path("dropped").asLong(),
          tenant.path("reason").isNull() ? null : tenant.path("reason").asString(null));
    } catch (IOException | JacksonException e) {
      log.debug("xapi-emitter status unavailable: {}", e.toString());
      return unavailable("xapi-emitter did not answer");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return unavailable("interrupted");
    }
  }

  private static State unavailable(String reason) {
    return new State("unavailable", null, null, null, null, null, reason);
  }
}

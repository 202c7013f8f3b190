package io.learnpulse.xapi.ops;

import io.learnpulse.xapi.delivery.StatementDispatcher;
import io.learnpulse.xapi.delivery.TenantDelivery;
import io.learnpulse.xapi.delivery.TenantState;
import io.learnpulse.xapi.pipeline.EmitterLoop;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of delivery: UP while the loop runs, with each tenant's state, backlog and reason. A
 * tenant that is paused (401/403) or whose LRS is unavailable is listed under {@code paused} /
 * {@code unavailable} without taking the service down: the other tenants still flow, and restarting
 * would not fix a tenant's credentials.
 */
public final class XapiHealthIndicator implements HealthIndicator {

  private final StatementDispatcher dispatcher;
  private final EmitterLoop loop;
  private final BooleanSupplier loopRunning;

  /** Health of {@code dispatcher} and {@code loop}; DOWN when the loop thread died. */
  public XapiHealthIndicator(
      StatementDispatcher dispatcher, EmitterLoop loop, BooleanSupplier loopRunning) {
    this.dispatcher = dispatcher;
    this.loop = loop;
    this.loopRunning = loopRunning;
  }

  @Override
  public Health health() {
    Map<String, Object> tenants = new LinkedHashMap<>();
    List<String> paused = new ArrayList<>();
    List<String> unavailable = new ArrayList<>();
    for (TenantDelivery t : dispatcher.tenants()) {
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("state", t.state().name());
      detail.put("backlog", t.backlog());
      if (!t.reason().isEmpty()) {
        detail.put("reason", t.reason());
      }
      tenants.put(t.tenant(), detail);
      if (t.state() == TenantState.PAUSED) {
        paused.add(t.tenant());
      } else if (t.state() == TenantState.UNAVAILABLE) {
        unavailable.add(t.tenant());
      }
    }
    return (loopRunning.getAsBoolean() ? Health.up() : Health.down())
        .withDetail("tenants", tenants)
        .withDetail("paused", paused)
        .withDetail("unavailable", unavailable)
        .withDetail("backlog", dispatcher.backlog())
        .withDetail("recordsInFlight", loop.inFlightRecords())
        .withDetail("backpressure", loop.backpressured())
        .build();
  }
}

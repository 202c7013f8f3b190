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
 * Health of delivery: UP while the loop runs, with each tenant's state ({@code ACTIVE}, {@code
 * PAUSED} with its reason, or {@code DEGRADED} — retrying or unavailable — with the last failure),
 * backlog, statements in flight, parked and dropped. A paused or degraded tenant is listed without
 * taking the service down: the other tenants still flow, and restarting would not fix a tenant's
 * LRS. A request cut at the exchange deadline counts as a failure, so a tenant whose LRS drips its
 * answers shows as degraded, not active.
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
    List<String> degraded = new ArrayList<>();
    for (TenantDelivery t : dispatcher.tenants()) {
      TenantState state = t.state();
      String reason = t.reason();
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put(
          "state",
          state == TenantState.ACTIVE || state == TenantState.PAUSED ? state.name() : "DEGRADED");
      detail.put("delivery", state.name());
      detail.put("backlog", t.backlog());
      detail.put("inFlight", t.inFlight());
      detail.put("parked", t.parked());
      detail.put("dropped", t.dropped());
      if (!reason.isEmpty()) {
        detail.put("reason", reason);
      }
      tenants.put(t.tenant(), detail);
      if (state == TenantState.PAUSED) {
        paused.add(t.tenant());
      } else if (state.degraded()) {
        degraded.add(t.tenant());
      }
      if (state == TenantState.UNAVAILABLE) {
        unavailable.add(t.tenant());
      }
    }
    return (loopRunning.getAsBoolean() ? Health.up() : Health.down())
        .withDetail("tenants", tenants)
        .withDetail("paused", paused)
        .withDetail("degraded", degraded)
        .withDetail("unavailable", unavailable)
        .withDetail("backlog", dispatcher.backlog())
        .withDetail("recordsInFlight", loop.inFlightRecords())
        .withDetail("backpressure", loop.backpressured())
        .build();
  }
}

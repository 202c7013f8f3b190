package io.learnpulse.xapi.ops;

import io.learnpulse.xapi.delivery.DeliveryListener;
import io.learnpulse.xapi.delivery.StatementDispatcher;
import io.learnpulse.xapi.delivery.TenantDelivery;
import io.learnpulse.xapi.delivery.TenantState;
import io.learnpulse.xapi.pipeline.RecordProcessor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Micrometer meters of the emitter, per tenant:
 *
 * <ul>
 *   <li>{@code learnpulse.xapi.statements.sent} (accepted), {@code
 *       learnpulse.xapi.statements.conflicted} (409, counted delivered), {@code
 *       learnpulse.xapi.statements.rejected} (refused by the LRS), {@code
 *       learnpulse.xapi.statements.retried}, {@code learnpulse.xapi.statements.parked} (tenant over
 *       its backlog budget), {@code learnpulse.xapi.statements.dropped} (tenant disabled or
 *       deleted), {@code learnpulse.xapi.statements.moved} (to new settings);
 *   <li>{@code learnpulse.xapi.records.dead-lettered} (tag {@code stage});
 *   <li>{@code learnpulse.xapi.lrs.latency} (timer, tag {@code status});
 *   <li>{@code learnpulse.xapi.tenant.state} (gauge per state: 1 for the current one), {@code
 *       learnpulse.xapi.tenant.backlog} (statements queued or in flight);
 * </ul>
 *
 * <p>Consumer lag: {@code learnpulse.xapi.lag} (tag {@code topic}), the records on this instance's
 * partitions that are not yet delivered (log end minus the commit point: what a restart would read
 * again), measured by the consumer loop after every poll from the consumer's position and the
 * fetched log end; the Kafka client's own meters ({@code kafka.consumer.fetch.manager.
 * records.lag.max}, ...) are bound as well.
 */
public final class XapiMetrics implements DeliveryListener, RecordProcessor.PipelineListener {

  private final MeterRegistry registry;
  private final Map<String, Boolean> tenantsSeen = new ConcurrentHashMap<>();
  private Supplier<StatementDispatcher> dispatcher = () -> null;

  /** Meters in {@code registry}. */
  public XapiMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The lag gauges; a bean, so the gauges live as long as the application. */
  public static final class LagBinding {
    private final Supplier<Map<String, Long>> lag;

    LagBinding(Supplier<Map<String, Long>> lag) {
      this.lag = lag;
    }

    long of(String topic) {
      return lag.get().getOrDefault(topic, 0L);
    }
  }

  /** Registers {@code learnpulse.xapi.lag} per topic of {@code lag} (topic to records). */
  public LagBinding bindLag(Supplier<Map<String, Long>> lag) {
    LagBinding binding = new LagBinding(lag);
    for (String topic : lag.get().keySet()) {
      Gauge.builder("learnpulse.xapi.lag", binding, b -> b.of(topic))
          .description("records not yet delivered on this instance's partitions")
          .tag("topic", topic)
          .register(registry);
    }
    return binding;
  }

  /** Lets the state and backlog gauges read the dispatcher. */
  public void bind(StatementDispatcher dispatcher) {
    this.dispatcher = () -> dispatcher;
  }

  @Override
  public void answered(String tenant, int status, Duration latency) {
    Timer.builder("learnpulse.xapi.lrs.latency")
        .description("LRS statements POST latency")
        .tag("tenant", tenant)
        .tag("status", Integer.toString(status))
        .publishPercentileHistogram()
        .register(registry)
        .record(latency);
  }

  @Override
  public void sent(String tenant, int statements) {
    counter("learnpulse.xapi.statements.sent", tenant).increment(statements);
  }

  @Override
  public void conflicted(String tenant, int statements) {
    counter("learnpulse.xapi.statements.conflicted", tenant).increment(statements);
  }

  @Override
  public void rejected(String tenant, int status) {
    counter("learnpulse.xapi.statements.rejected", tenant).increment();
  }

  @Override
  public void retried(String tenant, int statements, String cause) {
    counter("learnpulse.xapi.statements.retried", tenant).increment(statements);
  }

  @Override
  public void parked(String tenant, int statements, String reason) {
    counter("learnpulse.xapi.statements.parked", tenant).increment(statements);
  }

  @Override
  public void dropped(String tenant, int statements, String reason) {
    counter("learnpulse.xapi.statements.dropped", tenant).increment(statements);
  }

  @Override
  public void moved(String tenant, int statements) {
    counter("learnpulse.xapi.statements.moved", tenant).increment(statements);
  }

  @Override
  public void stateChanged(String tenant, TenantState state, String reason) {
    tenantGauges(tenant);
  }

  @Override
  public void fate(String tenant, String stage, RecordProcessor.Fate fate) {
    if (fate == RecordProcessor.Fate.DEAD_LETTERED) {
      Counter.builder("learnpulse.xapi.records.dead-lettered")
          .tag("tenant", tenant)
          .tag("stage", stage)
          .register(registry)
          .increment();
    }
    if (!tenant.isEmpty()) {
      tenantGauges(tenant);
    }
  }

  private Counter counter(String name, String tenant) {
    tenantGauges(tenant);
    return Counter.builder(name).tag("tenant", tenant).register(registry);
  }

  private void tenantGauges(String tenant) {
    if (tenantsSeen.putIfAbsent(tenant, Boolean.TRUE) != null) {
      return;
    }
    for (TenantState state : TenantState.values()) {
      Gauge.builder("learnpulse.xapi.tenant.state", () -> state(tenant) == state ? 1 : 0)
          .description("1 for the tenant's current delivery state")
          .tag("tenant", tenant)
          .tag("state", state.name())
          .register(registry);
    }
    Gauge.builder(
            "learnpulse.xapi.tenant.backlog",
            () -> delivery(tenant) == null ? 0 : delivery(tenant).backlog())
        .description("statements queued or in flight")
        .tag("tenant", tenant)
        .register(registry);
    Gauge.builder(
            "learnpulse.xapi.tenant.in-flight",
            () -> delivery(tenant) == null ? 0 : delivery(tenant).inFlight())
        .description("statements in requests to the LRS now")
        .tag("tenant", tenant)
        .register(registry);
  }

  private TenantState state(String tenant) {
    TenantDelivery d = delivery(tenant);
    return d == null ? TenantState.ACTIVE : d.state();
  }

  private TenantDelivery delivery(String tenant) {
    StatementDispatcher d = dispatcher.get();
    return d == null ? null : d.tenant(tenant).orElse(null);
  }
}

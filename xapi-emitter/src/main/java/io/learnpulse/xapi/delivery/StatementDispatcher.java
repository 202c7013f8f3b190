package io.learnpulse.xapi.delivery;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Routes statements to their tenant's delivery. Tenants are registered with their LRS endpoint;
 * each tenant's lanes are independent and hold no thread while a request is in flight, so one
 * tenant's slow LRS, outage or pause leaves the others flowing. A changed endpoint or credential
 * hands the tenant's waiting statements to a new delivery; {@link #unregister} drops them
 * deliberately. Once a second a sweep applies each tenant's backlog budget.
 */
public final class StatementDispatcher implements AutoCloseable {

  private final DeliverySettings settings;
  private final LrsClient client;
  private final DeliveryListener listener;
  private final ScheduledExecutorService executor;
  private final Map<String, TenantDelivery> tenants = new ConcurrentHashMap<>();

  /**
   * A dispatcher with {@code threads} delivery threads shared by all tenants' lanes (a lane uses a
   * thread only to build a batch and to judge an answer, never while waiting for an LRS).
   */
  public StatementDispatcher(
      DeliverySettings settings, LrsClient client, DeliveryListener listener, int threads) {
    this.settings = settings;
    this.client = client;
    this.listener = listener;
    AtomicInteger count = new AtomicInteger();
    ScheduledThreadPoolExecutor pool =
        new ScheduledThreadPoolExecutor(
            threads,
            r -> {
              Thread t = new Thread(r, "xapi-delivery-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.setRemoveOnCancelPolicy(true);
    this.executor = pool;
    executor.scheduleWithFixedDelay(this::sweep, 1, 1, TimeUnit.SECONDS);
  }

  /**
   * Registers a tenant, or changes its endpoint or credentials: the statements waiting for the old
   * settings move to the new delivery (in order), and the old one stops.
   */
  public TenantDelivery register(String tenant, LrsEndpoint endpoint) {
    TenantDelivery[] retired = new TenantDelivery[1];
    TenantDelivery current =
        tenants.compute(
            tenant,
            (id, existing) -> {
              if (existing != null && existing.endpoint().equals(endpoint)) {
                return existing;
              }
              retired[0] = existing;
              return new TenantDelivery(id, endpoint, settings, client, executor, listener);
            });
    if (retired[0] != null) {
      retired[0].handOver(current);
    }
    return current;
  }

  /**
   * Forgets a tenant whose xAPI was disabled or which was deleted: its waiting statements are
   * dropped with {@code reason} (counted and logged).
   */
  public void unregister(String tenant, String reason) {
    TenantDelivery gone = tenants.remove(tenant);
    if (gone != null) {
      gone.drop(reason);
    }
  }

  /** The delivery of a registered tenant. */
  public Optional<TenantDelivery> tenant(String tenant) {
    return Optional.ofNullable(tenants.get(tenant));
  }

  /** All registered tenants. */
  public Collection<TenantDelivery> tenants() {
    return tenants.values();
  }

  /** Statements queued or in flight, all tenants. */
  public int backlog() {
    int total = 0;
    for (TenantDelivery t : tenants.values()) {
      total += t.backlog();
    }
    return total;
  }

  /**
   * Statements queued or in flight of the {@link TenantState#ACTIVE} tenants: what consumer
   * backpressure weighs. A degraded tenant's backlog is bounded by its own budget instead, so it
   * cannot pause consumption for everyone.
   */
  public int activeBacklog() {
    int total = 0;
    for (TenantDelivery t : tenants.values()) {
      if (!t.state().degraded()) {
        total += t.backlog();
      }
    }
    return total;
  }

  /**
   * Queues a statement for a registered tenant.
   *
   * @throws IllegalArgumentException when the tenant is not registered
   */
  public void submit(String tenant, Outbound statement) {
    TenantDelivery delivery = tenants.get(tenant);
    if (delivery == null) {
      throw new IllegalArgumentException("no LRS registered for tenant " + tenant);
    }
    delivery.submit(statement);
  }

  private void sweep() {
    long now = System.nanoTime();
    for (TenantDelivery t : tenants.values()) {
      try {
        t.enforceBudget(now);
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(StatementDispatcher.class)
            .error("backlog budget of tenant {} not applied", t.tenant(), e);
      }
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

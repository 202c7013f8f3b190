package io.learnpulse.xapi.delivery;

import java.time.Clock;
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
 * each tenant's lanes are independent, so one tenant's outage or pause leaves the others flowing.
 */
public final class StatementDispatcher implements AutoCloseable {

  private final DeliverySettings settings;
  private final LrsClient client;
  private final DeliveryListener listener;
  private final ScheduledExecutorService executor;
  private final Map<String, TenantDelivery> tenants = new ConcurrentHashMap<>();

  /**
   * A dispatcher with {@code threads} delivery threads shared by all tenants' lanes (a lane holds a
   * thread only while a request is in flight).
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
  }

  /** A client with default timeouts (connect 5 s, request 30 s). */
  public static LrsClient defaultClient() {
    return new LrsClient(
        java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(30), Clock.systemUTC());
  }

  /** Registers (or replaces the endpoint of) a tenant. */
  public TenantDelivery register(String tenant, LrsEndpoint endpoint) {
    return tenants.compute(
        tenant,
        (id, existing) ->
            existing != null && existing.endpoint().equals(endpoint)
                ? existing
                : new TenantDelivery(id, endpoint, settings, client, executor, listener));
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

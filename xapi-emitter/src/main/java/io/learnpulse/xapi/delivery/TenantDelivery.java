package io.learnpulse.xapi.delivery;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery to one tenant's LRS: a fixed set of lanes, each sending one batch at a time, in order.
 *
 * <p>Per batch: 2xx delivers it; 409 marks the named (or, for a single statement, the only)
 * statement delivered and re-sends the rest; 400 and 413 split the batch in halves until the
 * refused statements stand alone, then reject them (the caller dead-letters them); timeouts,
 * connection failures, 408, 429 and 5xx are retried with backoff (see {@link RetryPolicy}); 401,
 * 403 and 404 pause the whole tenant, which is retried every {@code authRetryInterval}. A lane
 * never skips a batch it could not deliver, so order and completeness hold across any outage.
 */
public final class TenantDelivery {

  private static final Logger log = LoggerFactory.getLogger(TenantDelivery.class);
  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final String tenant;
  private final LrsEndpoint endpoint;
  private final DeliverySettings settings;
  private final LrsClient client;
  private final ScheduledExecutorService executor;
  private final DeliveryListener listener;
  private final Lane[] lanes;
  private final AtomicInteger queued = new AtomicInteger();
  private volatile TenantState pausedState = TenantState.ACTIVE;
  private volatile String pauseReason = "";
  private ScheduledFuture<?> probe;

  TenantDelivery(
      String tenant,
      LrsEndpoint endpoint,
      DeliverySettings settings,
      LrsClient client,
      ScheduledExecutorService executor,
      DeliveryListener listener) {
    this.tenant = tenant;
    this.endpoint = endpoint;
    this.settings = settings;
    this.client = client;
    this.executor = executor;
    this.listener = listener;
    this.lanes = new Lane[settings.lanesPerTenant()];
    for (int i = 0; i < lanes.length; i++) {
      lanes[i] = new Lane(i);
    }
  }

  /** The tenant. */
  public String tenant() {
    return tenant;
  }

  /** The LRS endpoint (credentials masked in its toString). */
  public LrsEndpoint endpoint() {
    return endpoint;
  }

  /** Queues a statement in its registration's lane. */
  public void submit(Outbound statement) {
    queued.incrementAndGet();
    lanes[Math.floorMod(statement.registration().hashCode(), lanes.length)].add(statement);
  }

  /** Statements queued or in flight. */
  public int backlog() {
    return queued.get();
  }

  /** The worst state of the tenant's lanes. */
  public TenantState state() {
    if (pausedState == TenantState.PAUSED) {
      return TenantState.PAUSED;
    }
    TenantState worst = TenantState.ACTIVE;
    for (Lane lane : lanes) {
      TenantState s = lane.state();
      if (s.compareTo(worst) > 0) {
        worst = s;
      }
    }
    return worst;
  }

  /** Why the tenant is paused or failing, empty when active. */
  public String reason() {
    if (pausedState == TenantState.PAUSED) {
      return pauseReason;
    }
    for (Lane lane : lanes) {
      if (lane.state() != TenantState.ACTIVE) {
        return lane.lastFailure;
      }
    }
    return "";
  }

  /** Resumes a paused tenant now (after its configuration was fixed). */
  public synchronized void resume() {
    if (probe != null) {
      probe.cancel(false);
      probe = null;
    }
    if (pausedState == TenantState.PAUSED) {
      pausedState = TenantState.ACTIVE;
      pauseReason = "";
      listener.stateChanged(tenant, state(), "resumed");
    }
    for (Lane lane : lanes) {
      lane.kick();
    }
  }

  private synchronized void pause(String reason) {
    boolean wasPaused = pausedState == TenantState.PAUSED;
    pausedState = TenantState.PAUSED;
    pauseReason = reason;
    if (!wasPaused) {
      log.warn("xAPI delivery to tenant {} paused: {}", tenant, reason);
      listener.stateChanged(tenant, TenantState.PAUSED, reason);
    }
    if (probe == null || probe.isDone()) {
      probe =
          executor.schedule(
              this::resume, settings.authRetryInterval().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private boolean paused() {
    return pausedState == TenantState.PAUSED;
  }

  /** One ordered stream of batches. */
  private final class Lane {
    private final int index;
    private final Deque<Outbound> queue = new ArrayDeque<>();

    /** The batch being sent, then the parts a split left to send, head first. */
    private final Deque<List<Outbound>> work = new ArrayDeque<>();

    private boolean scheduled;
    private ScheduledFuture<?> timer;
    private int failures;
    private long failingSinceNanos;
    private volatile TenantState state = TenantState.ACTIVE;
    private volatile String lastFailure = "";

    Lane(int index) {
      this.index = index;
    }

    TenantState state() {
      return state;
    }

    synchronized void add(Outbound statement) {
      queue.addLast(statement);
      if (!scheduled) {
        scheduleLinger();
      } else if (timer != null && queue.size() >= settings.batchSize()) {
        // a full batch does not wait for the linger timer
        if (timer.cancel(false)) {
          timer = null;
          executor.execute(this::run);
        }
      }
    }

    synchronized void kick() {
      if (!scheduled && (!queue.isEmpty() || !work.isEmpty())) {
        scheduled = true;
        executor.execute(this::run);
      }
    }

    private void scheduleLinger() {
      scheduled = true;
      if (queue.size() >= settings.batchSize() || settings.linger().isZero()) {
        executor.execute(this::run);
      } else {
        timer =
            executor.schedule(
                () -> {
                  synchronized (this) {
                    timer = null;
                  }
                  run();
                },
                settings.linger().toMillis(),
                TimeUnit.MILLISECONDS);
      }
    }

    /**
     * One step of the lane, guarded: an unexpected failure is logged and the lane tries again a
     * second later instead of stopping silently (a task that throws on an executor is just
     * dropped).
     */
    private void run() {
      try {
        step();
      } catch (RuntimeException | Error e) {
        log.error("tenant {} lane {}: unexpected failure; retrying in 1 s", tenant, index, e);
        synchronized (this) {
          scheduled = true;
          timer =
              executor.schedule(
                  () -> {
                    synchronized (this) {
                      timer = null;
                    }
                    run();
                  },
                  1,
                  TimeUnit.SECONDS);
        }
      }
    }

    private void step() {
      List<Outbound> batch;
      synchronized (this) {
        timer = null;
        if (paused()) {
          scheduled = false;
          return;
        }
        if (work.isEmpty()) {
          List<Outbound> next = new ArrayList<>(Math.min(queue.size(), settings.batchSize()));
          while (!queue.isEmpty() && next.size() < settings.batchSize()) {
            next.add(queue.pollFirst());
          }
          if (next.isEmpty()) {
            scheduled = false;
            return;
          }
          work.push(next);
        }
        batch = work.peek();
      }
      long delayMillis = send(batch);
      synchronized (this) {
        if (delayMillis > 0) {
          timer =
              executor.schedule(
                  () -> {
                    synchronized (this) {
                      timer = null;
                    }
                    run();
                  },
                  delayMillis,
                  TimeUnit.MILLISECONDS);
        } else if (delayMillis < 0 || (work.isEmpty() && queue.isEmpty())) {
          scheduled = false; // paused, or nothing left
        } else {
          executor.execute(this::run);
        }
      }
    }

    /** Sends the head batch once; returns the delay before the next run, 0 now, -1 paused. */
    private long send(List<Outbound> batch) {
      LrsResponse response;
      try {
        response = client.postStatements(endpoint, body(batch));
      } catch (HttpTimeoutException e) {
        return retry(batch, "timeout", java.util.Optional.empty());
      } catch (IOException e) {
        return retry(batch, "connection: " + e, java.util.Optional.empty());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return retry(batch, "interrupted", java.util.Optional.empty());
      } catch (RuntimeException e) {
        log.error("tenant {} lane {}: unexpected failure sending a batch", tenant, index, e);
        return retry(batch, "client error: " + e, java.util.Optional.empty());
      }
      listener.answered(tenant, response.status(), response.latency());
      if (response.accepted()) {
        done(batch);
        batch.forEach(o -> o.outcome().delivered(false));
        listener.sent(tenant, batch.size());
        return 0;
      }
      if (response.transientFailure()) {
        return retry(batch, "HTTP " + response.status(), response.retryAfter());
      }
      if (response.authFailure() || response.status() == 404) {
        recovered();
        pause(
            "HTTP "
                + response.status()
                + " from "
                + endpoint.statements()
                + ": "
                + abbreviate(response.body()));
        return -1;
      }
      recovered();
      if (response.status() == 409) {
        conflict(batch, response.body());
        return 0;
      }
      // 400, 413 and any other refusal of the content: isolate the statements the LRS refuses
      if (batch.size() == 1) {
        done(batch);
        Outbound refused = batch.get(0);
        listener.rejected(tenant, response.status());
        refused.outcome().rejected(response.status(), abbreviate(response.body()));
        return 0;
      }
      split(batch);
      return 0;
    }

    private void conflict(List<Outbound> batch, String body) {
      if (batch.size() == 1) {
        done(batch);
        listener.conflicted(tenant, 1);
        batch.get(0).outcome().delivered(true);
        return;
      }
      Set<String> named = new HashSet<>();
      Matcher m = UUID_TEXT.matcher(body);
      while (m.find()) {
        named.add(m.group().toLowerCase(java.util.Locale.ROOT));
      }
      List<Outbound> conflicting = new ArrayList<>();
      List<Outbound> rest = new ArrayList<>();
      for (Outbound o : batch) {
        (named.contains(o.statement().id().toString()) ? conflicting : rest).add(o);
      }
      if (conflicting.isEmpty()) {
        split(batch); // the LRS did not say which: find it by halves
        return;
      }
      synchronized (this) {
        work.pop();
        if (!rest.isEmpty()) {
          work.push(rest);
        }
      }
      queued.addAndGet(-conflicting.size());
      listener.conflicted(tenant, conflicting.size());
      conflicting.forEach(o -> o.outcome().delivered(true));
    }

    private void split(List<Outbound> batch) {
      int half = batch.size() / 2;
      synchronized (this) {
        work.pop();
        work.push(new ArrayList<>(batch.subList(half, batch.size())));
        work.push(new ArrayList<>(batch.subList(0, half)));
      }
    }

    private void done(List<Outbound> batch) {
      synchronized (this) {
        work.pop();
      }
      queued.addAndGet(-batch.size());
      recovered();
    }

    private long retry(
        List<Outbound> batch, String cause, java.util.Optional<Duration> retryAfter) {
      failures++;
      long now = System.nanoTime();
      if (failures == 1) {
        failingSinceNanos = now;
      }
      lastFailure = cause;
      TenantState next =
          Duration.ofNanos(now - failingSinceNanos).compareTo(settings.retry().budget()) >= 0
              ? TenantState.UNAVAILABLE
              : TenantState.RETRYING;
      if (next != state) {
        TenantState before = TenantDelivery.this.state();
        state = next;
        if (next == TenantState.UNAVAILABLE) {
          log.warn(
              "xAPI LRS of tenant {} unavailable for {} (last: {}); statements wait, probing every {}",
              tenant,
              settings.retry().budget(),
              cause,
              settings.retry().maxBackoff());
        }
        if (TenantDelivery.this.state() != before) {
          listener.stateChanged(tenant, TenantDelivery.this.state(), cause);
        }
      }
      listener.retried(tenant, batch.size(), cause);
      return Math.max(
          1,
          settings
              .retry()
              .delay(failures, retryAfter, () -> ThreadLocalRandom.current().nextDouble())
              .toMillis());
    }

    private void recovered() {
      if (failures > 0 || state != TenantState.ACTIVE) {
        failures = 0;
        TenantState before = TenantDelivery.this.state();
        state = TenantState.ACTIVE;
        lastFailure = "";
        if (TenantDelivery.this.state() != before) {
          listener.stateChanged(tenant, TenantDelivery.this.state(), "recovered");
        }
      }
    }
  }

  private static String body(List<Outbound> batch) {
    StringBuilder json = new StringBuilder(batch.size() * 1024).append('[');
    for (int i = 0; i < batch.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append(batch.get(i).json());
    }
    return json.append(']').toString();
  }

  private static String abbreviate(String text) {
    String flat = text.replaceAll("\\s+", " ").trim();
    return flat.length() <= 2000 ? flat : flat.substring(0, 2000) + "...";
  }
}

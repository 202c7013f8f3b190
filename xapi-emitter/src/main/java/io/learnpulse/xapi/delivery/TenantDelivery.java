package io.learnpulse.xapi.delivery;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery to one tenant's LRS: a fixed set of lanes, each sending one batch at a time, in order.
 * What an answer means is decided by {@link AnswerRules}; this class only schedules: lanes, backoff
 * timers, the pause and its probe, the backlog budget, and handing its statements over when the
 * tenant's settings change.
 *
 * <p>Isolation: a lane holds no thread while its request is in flight (the client is asynchronous
 * and bounded by a deadline), so a slow LRS costs only its own lanes. While the tenant is not
 * {@link TenantState#ACTIVE}, at most {@code backlogBudget} statements wait; newer ones are parked
 * (their records go to the dead-letter topic, replayable), and after {@code parkAfter} in {@link
 * TenantState#PAUSED} or {@link TenantState#UNAVAILABLE} every waiting statement is, so a broken
 * tenant never holds the shared partitions' offsets for long.
 */
public final class TenantDelivery {

  private static final Logger log = LoggerFactory.getLogger(TenantDelivery.class);

  private final String tenant;
  private final LrsEndpoint endpoint;
  private final DeliverySettings settings;
  private final LrsClient client;
  private final ScheduledExecutorService executor;
  private final DeliveryListener listener;
  private final Lane[] lanes;
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong parked = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean paused;
  private volatile String pauseReason = "";
  private volatile long degradedSinceNanos;
  private volatile boolean degraded;

  /** Where statements go once this delivery is retired; null while it is current. */
  private volatile Consumer<List<Outbound>> retiredTo;

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

  /**
   * Queues a statement in its registration's lane, or parks it at once when the tenant is degraded
   * and over its backlog budget.
   */
  public void submit(Outbound statement) {
    Consumer<List<Outbound>> retired = retiredTo;
    if (retired != null) {
      retired.accept(List.of(statement));
      return;
    }
    TenantState state = state();
    if (broken(state) && queued.get() >= budgetNow(System.nanoTime())) {
      park(List.of(statement), state);
      return;
    }
    queued.incrementAndGet();
    if (!lanes[Math.floorMod(statement.registration().hashCode(), lanes.length)].add(statement)) {
      // retired between the check above and the lane: the statement follows the others
      queued.decrementAndGet();
      retiredTo.accept(List.of(statement));
    }
  }

  /** Statements queued or in flight. */
  public int backlog() {
    return queued.get();
  }

  /** Statements in flight now (at most lanes × batch size). */
  public int inFlight() {
    return inFlight.get();
  }

  /** Statements parked since start. */
  public long parked() {
    return parked.get();
  }

  /** Statements dropped since start (tenant disabled or deleted). */
  public long dropped() {
    return dropped.get();
  }

  /** The worst state of the tenant's lanes; PAUSED wins. */
  public TenantState state() {
    if (paused) {
      return TenantState.PAUSED;
    }
    TenantState worst = TenantState.ACTIVE;
    for (Lane lane : lanes) {
      TenantState s = lane.state;
      if (s.compareTo(worst) > 0) {
        worst = s;
      }
    }
    return worst;
  }

  /** Why the tenant is paused or failing, empty when active. */
  public String reason() {
    if (paused) {
      return pauseReason;
    }
    for (Lane lane : lanes) {
      if (lane.state != TenantState.ACTIVE) {
        return lane.lastFailure;
      }
    }
    return "";
  }

  /** Resumes a paused tenant now (after its configuration was fixed). */
  public void resume() {
    synchronized (this) {
      if (probe != null) {
        probe.cancel(false);
        probe = null;
      }
      if (paused) {
        paused = false;
        pauseReason = "";
        noteState();
        listener.stateChanged(tenant, state(), "resumed");
      }
    }
    for (Lane lane : lanes) {
      lane.kick();
    }
  }

  /**
   * Retires this delivery for a new one (endpoint or credentials changed): every waiting statement
   * moves to {@code next} in lane order, a batch in flight follows once answered unless the old LRS
   * took it, and later submits go to {@code next}.
   */
  void handOver(TenantDelivery next) {
    retire(
        moved -> {
          listener.moved(tenant, moved.size());
          moved.forEach(next::submit);
        },
        "settings changed: " + endpoint + " -> " + next.endpoint());
  }

  /**
   * Retires this delivery because the tenant's xAPI was disabled or the tenant deleted: every
   * waiting statement, and later submits, are dropped with {@code reason}.
   */
  void drop(String reason) {
    retire(
        gone -> {
          if (gone.isEmpty()) {
            return;
          }
          dropped.addAndGet(gone.size());
          listener.dropped(tenant, gone.size(), reason);
          log.warn("dropped {} xAPI statements of tenant {}: {}", gone.size(), tenant, reason);
          gone.forEach(o -> o.outcome().dropped(reason));
        },
        reason);
  }

  private void retire(Consumer<List<Outbound>> to, String why) {
    synchronized (this) {
      if (retiredTo != null) {
        return;
      }
      retiredTo = to;
      if (probe != null) {
        probe.cancel(false);
        probe = null;
      }
    }
    log.info("xAPI delivery of tenant {} retired: {}", tenant, why);
    for (Lane lane : lanes) {
      lane.evacuate();
    }
  }

  /**
   * Applies the backlog budget: parks the newest waiting statements beyond it while the tenant is
   * degraded. Called by the dispatcher's sweep.
   */
  void enforceBudget(long nowNanos) {
    TenantState state = state();
    if (!broken(state) || retiredTo != null) {
      return;
    }
    int budget = budgetNow(nowNanos);
    for (int i = lanes.length - 1; i >= 0 && queued.get() > budget; i--) {
      List<Outbound> overflow = lanes[i].takeNewest(queued.get() - budget);
      park(overflow, state);
    }
  }

  /**
   * Paused, or failing past the retry budget: the states in which the backlog budget applies. A
   * tenant that is only retrying keeps its statements (a passing blip must not park anything); it
   * does not count for consumer backpressure either, and turns unavailable after the retry budget.
   */
  private static boolean broken(TenantState state) {
    return state == TenantState.PAUSED || state == TenantState.UNAVAILABLE;
  }

  private int budgetNow(long nowNanos) {
    TenantState state = state();
    if (broken(state)
        && degraded
        && nowNanos - degradedSinceNanos >= settings.parkAfter().toNanos()) {
      return 0;
    }
    return settings.backlogBudget();
  }

  private void park(List<Outbound> statements, TenantState state) {
    if (statements.isEmpty()) {
      return;
    }
    String reason =
        "tenant "
            + tenant
            + " "
            + state
            + (reason().isEmpty() ? "" : " (" + reason() + ")")
            + ", backlog over its budget of "
            + settings.backlogBudget()
            + ": parked for replay";
    parked.addAndGet(statements.size());
    listener.parked(tenant, statements.size(), reason);
    statements.forEach(o -> o.outcome().parked(reason));
  }

  private synchronized void noteState() {
    boolean now = broken(state());
    if (now && !degraded) {
      degradedSinceNanos = System.nanoTime();
    }
    degraded = now;
  }

  private void pause(String reason) {
    boolean wasPaused;
    synchronized (this) {
      wasPaused = paused;
      paused = true;
      pauseReason = reason;
      noteState();
      if (retiredTo == null && (probe == null || probe.isDone())) {
        probe =
            executor.schedule(
                this::resume, settings.authRetryInterval().toMillis(), TimeUnit.MILLISECONDS);
      }
    }
    if (!wasPaused) {
      log.warn("xAPI delivery to tenant {} paused: {}", tenant, reason);
      listener.stateChanged(tenant, TenantState.PAUSED, reason);
    }
  }

  /** One ordered stream of batches. */
  private final class Lane {
    private final int index;
    private final Deque<Outbound> queue = new ArrayDeque<>();

    /** The batch being sent, then the parts a split left to send, head first. */
    private final Deque<List<Outbound>> work = new ArrayDeque<>();

    /** True while a run is scheduled or a request in flight. */
    private boolean busy;

    private boolean sending;
    private ScheduledFuture<?> timer;
    private Object timerToken;
    private int failures;
    private long failingSinceNanos;
    private volatile TenantState state = TenantState.ACTIVE;
    private volatile String lastFailure = "";

    Lane(int index) {
      this.index = index;
    }

    /** Queues a statement; false when the delivery was retired (the lane was evacuated). */
    synchronized boolean add(Outbound statement) {
      if (retiredTo != null) {
        return false;
      }
      queue.addLast(statement);
      if (!busy) {
        busy = true;
        if (queue.size() >= settings.batchSize() || settings.linger().isZero()) {
          executor.execute(this::run);
        } else {
          later(settings.linger().toMillis());
        }
      } else if (timer != null
          && !sending
          && work.isEmpty()
          && queue.size() >= settings.batchSize()) {
        // a full batch does not wait for the linger timer
        cancelTimer();
        executor.execute(this::run);
      }
      return true;
    }

    synchronized void kick() {
      if (!busy && (!queue.isEmpty() || !work.isEmpty())) {
        busy = true;
        executor.execute(this::run);
      }
    }

    /**
     * Up to {@code n} of the newest waiting statements, not in flight: the queue's tail first, then
     * the parts of a batch that failed (the lane does not send while its tenant is degraded enough
     * to park, or sends again what is left).
     */
    synchronized List<Outbound> takeNewest(int n) {
      List<Outbound> taken = new ArrayList<>();
      while (taken.size() < n && !queue.isEmpty()) {
        taken.add(queue.pollLast());
      }
      while (taken.size() < n && !work.isEmpty() && !(sending && work.size() == 1)) {
        List<Outbound> part = work.pollLast();
        int keep = Math.max(0, part.size() - (n - taken.size()));
        for (int i = part.size() - 1; i >= keep; i--) {
          taken.add(part.get(i));
        }
        if (keep > 0) {
          work.addLast(new ArrayList<>(part.subList(0, keep)));
          break;
        }
      }
      queued.addAndGet(-taken.size());
      java.util.Collections.reverse(taken);
      return taken;
    }

    /** Moves everything not in flight to the retired delivery's target, in order. */
    void evacuate() {
      List<Outbound> out = new ArrayList<>();
      synchronized (this) {
        boolean first = true;
        for (List<Outbound> part : work) {
          if (first && sending) {
            first = false;
            continue; // follows when answered
          }
          first = false;
          out.addAll(part);
        }
        List<Outbound> head = sending ? work.peekFirst() : null;
        work.clear();
        if (head != null) {
          work.add(head);
        }
        out.addAll(queue);
        queue.clear();
        cancelTimer();
        if (!sending) {
          busy = false;
        }
      }
      queued.addAndGet(-out.size());
      retiredTo.accept(out);
    }

    /**
     * Runs the lane after {@code delayMillis}, unless {@link #cancelTimer()} comes first. A token,
     * not {@code cancel}'s answer, decides: a task that has started still counts as cancellable to
     * its future, and two runs of one lane would send one batch twice.
     */
    private void later(long delayMillis) {
      Object token = new Object();
      timerToken = token;
      timer =
          executor.schedule(
              () -> {
                synchronized (this) {
                  if (timerToken != token) {
                    return;
                  }
                  timerToken = null;
                  timer = null;
                }
                run();
              },
              delayMillis,
              TimeUnit.MILLISECONDS);
    }

    private void cancelTimer() {
      if (timer != null) {
        timer.cancel(false);
      }
      timer = null;
      timerToken = null;
    }

    /**
     * One step of the lane, guarded: an unexpected failure is logged and the lane tries again a
     * second later instead of stopping silently (a task that throws on an executor is dropped).
     */
    private void run() {
      try {
        step();
      } catch (RuntimeException | Error e) {
        log.error("tenant {} lane {}: unexpected failure; retrying in 1 s", tenant, index, e);
        synchronized (this) {
          sending = false;
          busy = true;
          later(1000);
        }
      }
    }

    private void step() {
      List<Outbound> batch;
      synchronized (this) {
        if (retiredTo != null) {
          busy = false;
          return;
        }
        if (paused) {
          busy = false;
          return;
        }
        if (work.isEmpty()) {
          List<Outbound> next = new ArrayList<>(Math.min(queue.size(), settings.batchSize()));
          while (!queue.isEmpty() && next.size() < settings.batchSize()) {
            next.add(queue.pollFirst());
          }
          if (next.isEmpty()) {
            busy = false;
            return;
          }
          work.push(next);
        }
        batch = work.peek();
        sending = true;
      }
      inFlight.addAndGet(batch.size());
      client
          .post(endpoint, body(batch))
          .whenCompleteAsync(
              (answer, error) -> {
                inFlight.addAndGet(-batch.size());
                try {
                  LrsAnswer a =
                      error == null
                          ? answer
                          : new LrsAnswer.ConnectionFailed("client failure: " + error);
                  answered(batch, a);
                } catch (RuntimeException | Error e) {
                  log.error(
                      "tenant {} lane {}: unexpected failure; retrying in 1 s", tenant, index, e);
                  synchronized (this) {
                    sending = false;
                    later(1000);
                  }
                }
              },
              executor);
    }

    private void answered(List<Outbound> batch, LrsAnswer answer) {
      if (answer instanceof LrsAnswer.Response r) {
        listener.answered(tenant, r.status(), r.latency());
      }
      List<UUID> ids = batch.stream().map(o -> o.statement().id()).toList();
      AnswerRules.Decision decision =
          AnswerRules.decide(answer, ids, endpoint.statements().toString());
      long delay = apply(batch, decision);
      Consumer<List<Outbound>> retired = retiredTo;
      synchronized (this) {
        sending = false;
        if (retired != null) {
          busy = false;
        } else if (delay > 0) {
          later(delay);
          return;
        } else if (delay < 0 || (work.isEmpty() && queue.isEmpty())) {
          busy = false; // paused, or nothing left
          return;
        } else {
          executor.execute(this::run);
          return;
        }
      }
      // retired while the batch was in flight: what is left of it follows
      evacuate();
    }

    /** Carries a decision out; returns the delay before the next run, 0 now, -1 paused. */
    private long apply(List<Outbound> batch, AnswerRules.Decision decision) {
      if (decision instanceof AnswerRules.Delivered) {
        done(batch);
        listener.sent(tenant, batch.size());
        batch.forEach(o -> o.outcome().delivered(false));
        return 0;
      }
      if (decision instanceof AnswerRules.Retry r) {
        return retry(batch, r);
      }
      if (decision instanceof AnswerRules.PauseTenant p) {
        recovered();
        pause(p.reason());
        return -1;
      }
      recovered();
      if (decision instanceof AnswerRules.Conflicted c) {
        conflicted(batch, c.conflicting());
      } else if (decision instanceof AnswerRules.Split) {
        split(batch);
      } else {
        AnswerRules.Reject reject = (AnswerRules.Reject) decision;
        done(batch);
        listener.rejected(tenant, reject.status());
        batch.get(0).outcome().rejected(reject.status(), reject.reason());
      }
      return 0;
    }

    private void conflicted(List<Outbound> batch, Set<UUID> ids) {
      List<Outbound> conflicting = new ArrayList<>();
      List<Outbound> rest = new ArrayList<>();
      for (Outbound o : batch) {
        (ids.contains(o.statement().id()) ? conflicting : rest).add(o);
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

    private long retry(List<Outbound> batch, AnswerRules.Retry retry) {
      failures++;
      long now = System.nanoTime();
      if (failures == 1) {
        failingSinceNanos = now;
      }
      lastFailure = retry.cause();
      TenantState next =
          Duration.ofNanos(now - failingSinceNanos).compareTo(settings.retry().budget()) >= 0
              ? TenantState.UNAVAILABLE
              : TenantState.RETRYING;
      if (next != state) {
        TenantState before = TenantDelivery.this.state();
        state = next;
        noteState();
        if (next == TenantState.UNAVAILABLE) {
          log.warn(
              "xAPI LRS of tenant {} unavailable for {} (last: {}); probing every {}",
              tenant,
              settings.retry().budget(),
              retry.cause(),
              settings.retry().maxBackoff());
        }
        if (TenantDelivery.this.state() != before) {
          listener.stateChanged(tenant, TenantDelivery.this.state(), retry.cause());
        }
      }
      listener.retried(tenant, batch.size(), retry.cause());
      return Math.max(
          1,
          settings
              .retry()
              .delay(failures, retry.retryAfter(), () -> ThreadLocalRandom.current().nextDouble())
              .toMillis());
    }

    private void recovered() {
      if (failures > 0 || state != TenantState.ACTIVE) {
        failures = 0;
        TenantState before = TenantDelivery.this.state();
        state = TenantState.ACTIVE;
        lastFailure = "";
        noteState();
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
}

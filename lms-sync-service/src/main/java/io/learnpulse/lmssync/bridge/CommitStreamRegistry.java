package io.learnpulse.lmssync.bridge;

import io.learnpulse.lmssync.LmsSyncProperties;
import io.learnpulse.lmssync.bridge.CommitStore.Commit;
import io.learnpulse.lmssync.error.LimitExceededException;
import io.learnpulse.lmssync.error.LimitExceededException.Scope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The open commit streams (server-sent events) of this replica. Nothing here is the source of
 * truth: a stream holds only the last sequence it sent, and every delivery reads the {@code
 * commits} table, so any replica can serve any bridge and a reconnect anywhere resumes from {@code
 * Last-Event-ID}.
 *
 * <p>Bounded: at most {@code bridge.max-streams-per-session} streams per session (429 {@code
 * rate-limited} beyond) and {@code bridge.max-streams} per replica (503 {@code unavailable}), both
 * with {@code Retry-After}. Streams are woken by {@link #signal} (from {@link CommitListener}), by
 * a poll every {@code bridge.poll-interval} that asks for the latest sequence of every open session
 * in one query (in case a notification was lost), and get a keep-alive comment every {@code
 * bridge.keep-alive-interval}, which finds dead connections. Both timers run on Spring's task
 * scheduler; deliveries run on a small sender pool, one at a time per stream. A stream ends after
 * {@code bridge.stream-max-age} and the bridge reconnects; all end when the application closes, so
 * graceful shutdown does not wait for them.
 */
@Component
class CommitStreamRegistry implements SchedulingConfigurer {

  private static final Logger log = LoggerFactory.getLogger(CommitStreamRegistry.class);

  private final CommitStore store;
  private final JsonMapper json;
  private final LmsSyncProperties.Bridge settings;
  private final Counter deliveries;
  private final Counter refusedBySession;
  private final Counter refusedByReplica;
  private final ExecutorService senders = Executors.newFixedThreadPool(4, daemon());

  /** Open streams by session; guarded by itself, like {@link #open}. */
  private final Map<UUID, Set<Stream>> streams = new HashMap<>();

  private final AtomicInteger open = new AtomicInteger();

  CommitStreamRegistry(
      CommitStore store, JsonMapper json, LmsSyncProperties properties, MeterRegistry meters) {
    this.store = store;
    this.json = json;
    this.settings = properties.bridge();
    this.deliveries =
        Counter.builder("learnpulse.lms-sync.commit.deliveries")
            .description("Commits sent to bridges over server-sent events (redeliveries included)")
            .register(meters);
    this.refusedBySession = refused(meters, "session");
    this.refusedByReplica = refused(meters, "replica");
    Gauge.builder("learnpulse.lms-sync.bridge.streams", open, AtomicInteger::get)
        .description("Commit streams open on this replica")
        .register(meters);
  }

  private static Counter refused(MeterRegistry meters, String limit) {
    return Counter.builder("learnpulse.lms-sync.bridge.streams.refused")
        .description("Commit streams refused because a cap was reached")
        .tag("limit", limit)
        .register(meters);
  }

  @Override
  public void configureTasks(ScheduledTaskRegistrar tasks) {
    tasks.addFixedDelayTask(this::pollAll, settings.pollInterval());
    tasks.addFixedDelayTask(this::keepAlive, settings.keepAliveInterval());
  }

  /**
   * Opens a stream of the session's commits: first every commit after {@code lastEventId} and every
   * earlier one not acknowledged yet, then each new commit as it is written.
   *
   * @throws LimitExceededException when the session or the replica holds its maximum of streams
   */
  SseEmitter open(UUID sessionId, long lastEventId) {
    SseEmitter emitter = new SseEmitter(settings.streamMaxAge().toMillis());
    Stream stream = new Stream(sessionId, emitter, lastEventId);
    admit(stream);
    emitter.onCompletion(() -> close(stream));
    emitter.onTimeout(
        () -> {
          close(stream);
          emitter.complete();
        });
    emitter.onError(e -> close(stream));
    try {
      emitter.send(
          SseEmitter.event()
              .name("ready")
              .data(
                  json.writeValueAsString(
                      Map.of("sessionId", sessionId.toString(), "lastEventId", lastEventId)),
                  MediaType.APPLICATION_JSON));
    } catch (IOException e) {
      close(stream);
      return emitter;
    }
    schedule(stream);
    return emitter;
  }

  private void admit(Stream stream) {
    synchronized (streams) {
      if (open.get() >= settings.maxStreams()) {
        refusedByReplica.increment();
        throw new LimitExceededException(
            Scope.SERVICE,
            "this replica holds its maximum of "
                + settings.maxStreams()
                + " commit streams; retry (another replica may take it)",
            settings.pollInterval());
      }
      Set<Stream> of = streams.computeIfAbsent(stream.sessionId, id -> new HashSet<>());
      if (of.size() >= settings.maxStreamsPerSession()) {
        refusedBySession.increment();
        throw new LimitExceededException(
            Scope.CALLER,
            "session "
                + stream.sessionId
                + " already has "
                + of.size()
                + " open commit streams; close one or retry once a dead one is gone",
            settings.keepAliveInterval());
      }
      of.add(stream);
      open.incrementAndGet();
    }
  }

  /** Forgets a stream; takes the stream's lock, then the registry's (never the other way round). */
  private void close(Stream stream) {
    synchronized (stream) {
      if (stream.closed) {
        return;
      }
      stream.closed = true;
    }
    synchronized (streams) {
      Set<Stream> of = streams.get(stream.sessionId);
      if (of != null && of.remove(stream)) {
        open.decrementAndGet();
        if (of.isEmpty()) {
          streams.remove(stream.sessionId);
        }
      }
    }
  }

  /** Wakes the streams of one session (a commit row was written for it). */
  void signal(UUID sessionId) {
    streamsOf(sessionId).forEach(this::schedule);
  }

  /** Looks for commits every open stream missed (one query for all of them). */
  void pollAll() {
    List<UUID> sessions;
    synchronized (streams) {
      sessions = List.copyOf(streams.keySet());
    }
    if (sessions.isEmpty()) {
      return;
    }
    try {
      store
          .latestSequences(sessions)
          .forEach(
              (sessionId, sequence) ->
                  streamsOf(sessionId).stream()
                      .filter(s -> s.lastSent < sequence)
                      .forEach(this::schedule));
    } catch (RuntimeException e) {
      log.warn("polling for commits failed; retrying at the next interval", e);
    }
  }

  private List<Stream> streamsOf(UUID sessionId) {
    synchronized (streams) {
      Set<Stream> of = streams.get(sessionId);
      return of == null ? List.of() : List.copyOf(of);
    }
  }

  private List<Stream> all() {
    synchronized (streams) {
      return streams.values().stream().flatMap(Set::stream).toList();
    }
  }

  private void schedule(Stream stream) {
    if (stream.scheduled.compareAndSet(false, true)) {
      try {
        senders.execute(() -> deliver(stream));
      } catch (RejectedExecutionException shuttingDown) {
        stream.scheduled.set(false);
      }
    }
  }

  /** Sends what the stream has not sent yet; one sender at a time per stream. */
  private void deliver(Stream stream) {
    stream.scheduled.set(false);
    synchronized (stream) {
      if (stream.closed) {
        return;
      }
      try {
        while (true) {
          List<Commit> commits = store.pending(stream.sessionId, stream.lastSent, stream.first);
          stream.first = false;
          for (Commit commit : commits) {
            stream.emitter.send(
                SseEmitter.event()
                    .id(Long.toString(commit.sequence()))
                    .name("commit")
                    .data(json.writeValueAsString(commit), MediaType.APPLICATION_JSON));
            store.delivered(commit.sessionId(), commit.sequence());
            deliveries.increment();
            stream.lastSent = Math.max(stream.lastSent, commit.sequence());
          }
          if (commits.size() < CommitStore.BATCH) {
            return;
          }
        }
      } catch (IOException | IllegalStateException gone) {
        log.debug("commit stream of session {} closed: {}", stream.sessionId, gone.toString());
        close(stream);
      } catch (RuntimeException e) {
        // e.g. no database connection within the pool's wait under a burst (ADR 34). The stream's
        // 200 is long sent, so there is no error to answer: it ends, logged once here, and the
        // bridge reconnects from its last acknowledged commit. (completeWithError would hand the
        // exception to the servlet container, which logs it again as an ERROR, twice.)
        log.warn("commit stream of session {} failed; the bridge reconnects", stream.sessionId, e);
        close(stream);
        stream.emitter.complete();
      }
    }
  }

  private void keepAlive() {
    for (Stream stream : all()) {
      try {
        senders.execute(() -> ping(stream));
      } catch (RejectedExecutionException shuttingDown) {
        return;
      }
    }
  }

  private void ping(Stream stream) {
    synchronized (stream) {
      if (stream.closed) {
        return;
      }
      try {
        stream.emitter.send(SseEmitter.event().comment("keep-alive"));
      } catch (IOException | IllegalStateException gone) {
        close(stream);
      }
    }
  }

  /** Ends every stream when the application closes; the bridges reconnect elsewhere. */
  @EventListener(ContextClosedEvent.class)
  void endStreams() {
    senders.shutdown();
    all().forEach(stream -> stream.emitter.complete());
    try {
      senders.awaitTermination(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory daemon() {
    AtomicInteger n = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "commit-stream-sender-" + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** One open stream: where it is, and whether it already sent the redelivery round. */
  private static final class Stream {
    final UUID sessionId;
    final SseEmitter emitter;
    final AtomicBoolean scheduled = new AtomicBoolean();
    long lastSent;
    boolean first = true;
    boolean closed;

    Stream(UUID sessionId, SseEmitter emitter, long lastEventId) {
      this.sessionId = sessionId;
      this.emitter = emitter;
      this.lastSent = lastEventId;
    }
  }
}

package io.learnpulse.lmssync.bridge;

import io.learnpulse.lmssync.LmsSyncProperties;
import io.learnpulse.lmssync.bridge.CommitStore.Commit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The open commit streams of this replica and what wakes them. Nothing here is the source of truth:
 * a stream holds only the last sequence it sent, and every delivery reads the {@code commits}
 * table, so any replica can serve any bridge and a reconnect anywhere resumes from {@code
 * Last-Event-ID}.
 *
 * <p>Wake-ups: a PostgreSQL {@code LISTEN} on {@code learnpulse_commits} (the V2 trigger notifies
 * the session id when a commit row is inserted, delivered at transaction commit), and, in case a
 * notification is lost (listener reconnecting), a poll every {@code bridge.poll-interval} that asks
 * for the latest sequence of every session with an open stream in one query. A keep-alive comment
 * every {@code bridge.keep-alive-interval} finds dead connections and keeps proxies from closing
 * idle ones; a stream ends after {@code bridge.stream-max-age} and the bridge reconnects.
 */
@Component
class CommitStreams implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(CommitStreams.class);

  /** The notification channel of the V2 migration's trigger. */
  static final String CHANNEL = "learnpulse_commits";

  private final CommitStore store;
  private final DataSource dataSource;
  private final JsonMapper json;
  private final LmsSyncProperties.Bridge settings;
  private final Map<UUID, Set<Stream>> streams = new ConcurrentHashMap<>();
  private final AtomicInteger open = new AtomicInteger();
  private final Counter deliveries;
  private volatile ExecutorService senders;
  private volatile ScheduledExecutorService timers;
  private volatile boolean running;
  private volatile Thread listener;

  CommitStreams(
      CommitStore store,
      DataSource dataSource,
      JsonMapper json,
      LmsSyncProperties properties,
      MeterRegistry meters) {
    this.store = store;
    this.dataSource = dataSource;
    this.json = json;
    this.settings = properties.bridge();
    this.deliveries =
        Counter.builder("learnpulse.lmssync.commit.deliveries")
            .description("Commits sent to bridges over server-sent events (redeliveries included)")
            .register(meters);
    Gauge.builder("learnpulse.lmssync.bridge.streams", open, AtomicInteger::get)
        .description("Commit streams open on this replica")
        .register(meters);
  }

  /**
   * Opens a stream of the session's commits: first every commit after {@code lastEventId} and every
   * earlier one not acknowledged yet, then each new commit as it is written.
   */
  SseEmitter open(UUID sessionId, long lastEventId) {
    SseEmitter emitter = new SseEmitter(settings.streamMaxAge().toMillis());
    Stream stream = new Stream(sessionId, emitter, lastEventId);
    emitter.onCompletion(() -> close(stream));
    emitter.onTimeout(
        () -> {
          close(stream);
          emitter.complete();
        });
    emitter.onError(e -> close(stream));
    streams.computeIfAbsent(sessionId, id -> new CopyOnWriteArraySet<>()).add(stream);
    open.incrementAndGet();
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

  /** Wakes the streams of one session (a commit row was written for it). */
  void signal(UUID sessionId) {
    Set<Stream> of = streams.get(sessionId);
    if (of != null) {
      of.forEach(this::schedule);
    }
  }

  private void schedule(Stream stream) {
    ExecutorService executor = senders;
    if (executor != null && stream.scheduled.compareAndSet(false, true)) {
      try {
        executor.execute(() -> deliver(stream));
      } catch (RuntimeException rejected) {
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
        log.warn("commit stream of session {} failed; the bridge reconnects", stream.sessionId, e);
        close(stream);
        stream.emitter.completeWithError(e);
      }
    }
  }

  private void close(Stream stream) {
    synchronized (stream) {
      if (stream.closed) {
        return;
      }
      stream.closed = true;
    }
    open.decrementAndGet();
    streams.computeIfPresent(
        stream.sessionId,
        (id, set) -> {
          set.remove(stream);
          return set.isEmpty() ? null : set;
        });
  }

  /** Looks for commits every open stream missed (one query for all of them). */
  void pollAll() {
    if (streams.isEmpty()) {
      return;
    }
    try {
      Map<UUID, Long> latest = store.latestSequences(List.copyOf(streams.keySet()));
      latest.forEach(
          (sessionId, sequence) -> {
            Set<Stream> of = streams.get(sessionId);
            if (of != null) {
              of.stream().filter(s -> s.lastSent < sequence).forEach(this::schedule);
            }
          });
    } catch (RuntimeException e) {
      log.warn("polling for commits failed; retrying at the next interval", e);
    }
  }

  private void keepAlive() {
    ExecutorService executor = senders;
    streams.values().forEach(set -> set.forEach(stream -> executor.execute(() -> ping(stream))));
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

  /** Holds a connection that LISTENs and wakes streams; reconnects after failures. */
  private void listen() {
    long backoffMillis = 500;
    while (running) {
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("LISTEN " + CHANNEL);
        PGConnection pg = connection.unwrap(PGConnection.class);
        backoffMillis = 500;
        // Anything written while nobody listened is found by a poll.
        pollAll();
        while (running) {
          PGNotification[] notifications = pg.getNotifications(1000);
          if (notifications == null) {
            continue;
          }
          for (PGNotification notification : notifications) {
            try {
              signal(UUID.fromString(notification.getParameter()));
            } catch (IllegalArgumentException notASession) {
              log.debug("ignoring notification {}", notification.getParameter());
            }
          }
        }
        // The connection goes back to the pool: it must not keep listening there.
        statement.execute("UNLISTEN *");
      } catch (SQLException | RuntimeException e) {
        if (!running) {
          return;
        }
        log.warn("commit listener lost its connection; reconnecting in {} ms", backoffMillis, e);
        if (!pause(backoffMillis)) {
          return;
        }
        backoffMillis = Math.min(backoffMillis * 2, 30_000);
      }
    }
  }

  private boolean pause(long millis) {
    try {
      ScheduledExecutorService clock = timers;
      return clock != null && !clock.awaitTermination(millis, TimeUnit.MILLISECONDS) && running;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Starts (or, after {@link #stop()}, restarts) the senders, the timers and the listener. */
  @Override
  public void start() {
    senders = Executors.newFixedThreadPool(4, daemon("commit-stream-sender"));
    timers = Executors.newSingleThreadScheduledExecutor(daemon("commit-stream-timer"));
    running = true;
    long poll = settings.pollInterval().toMillis();
    long keepAlive = settings.keepAliveInterval().toMillis();
    timers.scheduleWithFixedDelay(this::pollAll, poll, poll, TimeUnit.MILLISECONDS);
    timers.scheduleWithFixedDelay(this::keepAlive, keepAlive, keepAlive, TimeUnit.MILLISECONDS);
    Thread thread = new Thread(this::listen, "commit-listener");
    thread.setDaemon(true);
    listener = thread;
    thread.start();
  }

  @Override
  public void stop() {
    running = false;
    timers.shutdownNow();
    Thread current = listener;
    if (current != null) {
      current.interrupt();
    }
    streams.values().forEach(set -> set.forEach(stream -> stream.emitter.complete()));
    senders.shutdown();
    try {
      if (current != null) {
        current.join(Duration.ofSeconds(5).toMillis());
      }
      senders.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Streams open on this replica (for tests and the gauge). */
  int openStreams() {
    return open.get();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
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

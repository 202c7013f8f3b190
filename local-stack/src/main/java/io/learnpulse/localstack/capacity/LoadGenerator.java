package io.learnpulse.localstack.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulated learners in open loop against the real launch API (lms-sync), player API (ingest) and,
 * for every n-th learner, the bridge's commit stream (lms-sync, server-sent events): launch,
 * heartbeats, player events, suspend and resume on an {@link OpenLoopSchedule}, all requests
 * asynchronous over one JDK {@link HttpClient} (a connection pool; no thread per learner). Results
 * go to the current {@link Window}, which the caller swaps at each step boundary.
 */
final class LoadGenerator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LoadGenerator.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration RETRY = Duration.ofSeconds(5);

  /** What happened in one step. */
  static final class Window {
    final long startNanos = System.nanoTime();
    final Map<String, LatencyRecorder> latency = new ConcurrentHashMap<>();
    final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    final LongAdder planned = new LongAdder();
    final LongAdder accepted = new LongAdder();
    final LatencyRecorder commitReady = new LatencyRecorder();
    final LatencyRecorder delivery = new LatencyRecorder();
    final LongAdder missingCommits = new LongAdder();

    void error(String key) {
      errors.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    LatencyRecorder latency(String endpoint) {
      return latency.computeIfAbsent(endpoint, e -> new LatencyRecorder());
    }
  }

  private final CapacitySettings settings;
  private final OpenLoopSchedule schedule;
  private final String lmsSyncUrl;
  private final Map<String, String> descriptors;
  private final List<String> versions;
  private final String topicId;
  private final CheckpointScript script;
  private final ExecutorService httpThreads = Executors.newFixedThreadPool(2, daemon("http"));
  private final HttpClient http;
  private final ScheduledThreadPoolExecutor timer =
      new ScheduledThreadPoolExecutor(2, daemon("plan"));
  private final List<Learner> learners = new ArrayList<>();
  private final Map<String, AtomicLong> inFlight = new ConcurrentHashMap<>();
  private final AtomicInteger probes = new AtomicInteger();
  private final AtomicInteger loggedErrors = new AtomicInteger();
  private volatile Window window = new Window();
  private volatile boolean stopping;

  LoadGenerator(
      CapacitySettings settings,
      String lmsSyncUrl,
      Map<String, String> descriptors,
      String topicId,
      List<String> challengeIds) {
    this.settings = settings;
    this.schedule = new OpenLoopSchedule(settings);
    this.lmsSyncUrl = lmsSyncUrl;
    this.descriptors = descriptors;
    this.versions = List.copyOf(descriptors.keySet());
    this.topicId = topicId;
    this.script = new CheckpointScript(challengeIds);
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(httpThreads)
            .build();
    timer.setRemoveOnCancelPolicy(true);
  }

  /** Launches {@code count} more learners evenly over the ramp, from now. */
  synchronized void addLearners(int count) {
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      int index = learners.size();
      boolean probe =
          index % settings.probeEvery() == 0 && probes.incrementAndGet() <= settings.maxProbes();
      Learner learner = new Learner(index, probe);
      learners.add(learner);
      long planned = start + OpenLoopSchedule.launchOffsetNanos(i, count, settings.ramp());
      at(planned, () -> learner.launch(planned, "ab-initio"));
    }
  }

  /** Ends the current step: returns its window and starts the next one. */
  Window swapWindow() {
    Instant cutoff = Instant.now().minus(settings.timeout()).minusSeconds(10);
    Window ended = window;
    window = new Window();
    List<Learner> all;
    synchronized (this) {
      all = List.copyOf(learners);
    }
    for (Learner learner : all) {
      if (learner.probe) {
        synchronized (learner) {
          ended.missingCommits.add(learner.pending.expire(cutoff));
        }
      }
    }
    return ended;
  }

  /** Stops planning new requests (requests in flight go on). */
  void stop() {
    stopping = true;
    synchronized (this) {
      learners.forEach(Learner::closeStream);
    }
  }

  /** Requests sent that have neither a response nor an error yet. */
  long inFlight() {
    return inFlight.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** {@link #inFlight()} by endpoint (only endpoints with some). */
  Map<String, Long> inFlightByEndpoint() {
    Map<String, Long> byEndpoint = new TreeMap<>();
    inFlight.forEach(
        (endpoint, count) -> {
          if (count.get() > 0) {
            byEndpoint.put(endpoint, count.get());
          }
        });
    return byEndpoint;
  }

  @Override
  public void close() {
    stop();
    timer.shutdownNow();
    httpThreads.shutdownNow();
  }

  private void at(long plannedNanos, Runnable action) {
    if (stopping) {
      return;
    }
    timer.schedule(
        () -> {
          // planned before stop() but due after it: not sent, or the drain would wait for
          // requests planned after the run ended and count them as unanswered
          if (stopping) {
            return;
          }
          try {
            action.run();
          } catch (RuntimeException e) {
            log.warn("A simulated learner's action failed", e);
          }
        },
        Math.max(0, plannedNanos - System.nanoTime()),
        TimeUnit.NANOSECONDS);
  }

  /** Sends one request; latency from {@code plannedNanos}; errors by endpoint and status. */
  private void send(
      String endpoint,
      HttpRequest request,
      int expected,
      long plannedNanos,
      Consumer<HttpResponse<String>> onAccepted,
      Runnable onError) {
    Window w = window;
    w.planned.increment();
    AtomicLong pending = inFlight.computeIfAbsent(endpoint, e -> new AtomicLong());
    pending.incrementAndGet();
    http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .whenComplete(
            (response, failure) -> {
              pending.decrementAndGet();
              w.latency(endpoint).record((System.nanoTime() - plannedNanos) / 1000);
              String error = null;
              if (failure != null) {
                Throwable cause =
                    failure instanceof CompletionException ? failure.getCause() : failure;
                error = endpoint + (cause instanceof HttpTimeoutException ? " timeout" : " io");
                logError(error + ": " + cause);
              } else if (response.statusCode() != expected) {
                error = endpoint + " " + response.statusCode();
                logError(error + ": " + response.body());
              }
              if (error != null) {
                w.error(error);
                onError.run();
                return;
              }
              w.accepted.increment();
              onAccepted.accept(response);
            });
  }

  private void logError(String text) {
    if (loggedErrors.incrementAndGet() <= 20) {
      log.warn("{}", text.length() > 500 ? text.substring(0, 500) : text);
    }
  }

  private HttpRequest.Builder post(String url, Object body, String contentType) {
    try {
      return HttpRequest.newBuilder(URI.create(url))
          .timeout(settings.timeout())
          .header("Content-Type", contentType)
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long micros(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1000;
  }

  /** One simulated learner; its state is guarded by its own monitor. */
  private final class Learner {
    private final String learnerId;
    private final String version;
    private final SplittableRandom random;
    private final boolean probe;
    private final PendingCheckpoints pending = new PendingCheckpoints();
    private long position;
    private Progress current;
    private int generation;
    private String sessionId;
    private String sessionToken;
    private String bridgeToken;
    private String ingestUrl;
    private long seq;
    private long lastEventId;
    private Flow.Subscription stream;
    private Progress lastCommitted;
    private Instant lastCommittedAt;
    private Instant lastReceivedAt;

    Learner(int index, boolean probe) {
      this.learnerId = "capacity-learner-" + index;
      this.version = versions.get(index % versions.size());
      this.random = new SplittableRandom(index);
      this.probe = probe;
    }

    void launch(long planned, String entry) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("descriptor", descriptors.get(version));
      body.put("learnerId", learnerId);
      body.put("learnerName", "Capacity learner " + learnerId);
      body.put("entry", entry);
      body.put("suspendData", "");
      body.put("location", "");
      send(
          "launch",
          post(lmsSyncUrl + "/v1/launch", body, "application/json").build(),
          201,
          planned,
          response -> launched(response, entry),
          () -> at(System.nanoTime() + RETRY.toNanos(), () -> launch(System.nanoTime(), entry)));
    }

    private void launched(HttpResponse<String> response, String entry) {
      JsonNode answer;
      try {
        answer = JSON.readTree(response.body());
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
      long base = System.nanoTime();
      int gen;
      synchronized (this) {
        gen = ++generation;
        sessionId = answer.path("sessionId").asText();
        sessionToken = answer.path("sessionToken").asText();
        bridgeToken = answer.path("bridgeToken").asText();
        ingestUrl = answer.path("ingestUrl").asText().replaceAll("/+$", "");
        seq = 0;
        lastEventId = 0;
      }
      if (entry.equals("resume")) {
        event(gen, base, new CheckpointScript.Action("session.resumed", null, 0, null, null));
      }
      long heartbeat = base + schedule.firstHeartbeat(random);
      at(heartbeat, () -> heartbeat(gen, heartbeat));
      long event = base + schedule.nextEvent(random);
      at(event, () -> nextEvent(gen, event));
      long session = schedule.sessionLength(random);
      if (session >= 0) {
        at(base + session, () -> suspend(gen, base + session));
      }
      if (probe) {
        openStream(gen);
      }
    }

    private void heartbeat(int gen, long planned) {
      Map<String, Object> body = new LinkedHashMap<>();
      String url;
      String token;
      synchronized (this) {
        if (gen != generation) {
          return;
        }
        body.put("id", UUID.randomUUID().toString());
        body.put("seq", seq++);
        body.put("occurredAt", Instant.now().toString());
        body.put("activeMillis", 5_000 + random.nextInt(25_000));
        body.put("bookmark", bookmark());
        url = ingestUrl + "/v1/sessions/" + sessionId + "/heartbeats";
        token = sessionToken;
      }
      send("heartbeat", authorized(url, body, token), 202, planned, r -> {}, () -> {});
      long next = planned + schedule.nextHeartbeat(random);
      at(next, () -> heartbeat(gen, next));
    }

    private void nextEvent(int gen, long planned) {
      CheckpointScript.Action action;
      synchronized (this) {
        if (gen != generation) {
          return;
        }
        action = script.at(position++);
      }
      event(gen, planned, action);
      long next = planned + schedule.nextEvent(random);
      at(next, () -> nextEvent(gen, next));
    }

    private void event(int gen, long planned, CheckpointScript.Action action) {
      Map<String, Object> body = new LinkedHashMap<>();
      String url;
      String token;
      synchronized (this) {
        if (gen != generation) {
          return;
        }
        if (action.after() != null) {
          current = action.after();
        }
        body.put("id", UUID.randomUUID().toString());
        body.put("seq", seq++);
        body.put("type", action.type());
        body.put("occurredAt", Instant.now().toString());
        switch (action.type()) {
          case "challenge.opened" -> body.put("challengeId", action.challengeId());
          case "step.reached" -> {
            body.put("challengeId", action.challengeId());
            body.put("step", action.index());
            body.put("last", false);
          }
          case "hint.revealed" -> {
            body.put("challengeId", action.challengeId());
            body.put("hintIndex", action.index());
          }
          case "answer.submitted" -> {
            body.put("challengeId", action.challengeId());
            body.put("answerId", action.challengeId() + ":" + UUID.randomUUID());
            body.put("outcome", action.outcome());
          }
          default -> {
            // session.resumed carries nothing else
          }
        }
        url = ingestUrl + "/v1/sessions/" + sessionId + "/events";
        token = sessionToken;
      }
      Progress after = action.after();
      send(
          "event",
          authorized(url, body, token),
          202,
          planned,
          r -> {
            if (probe && after != null) {
              checkpointAccepted(after);
            }
          },
          () -> {});
    }

    private synchronized void checkpointAccepted(Progress after) {
      Instant now = Instant.now();
      if (after.equals(lastCommitted) && lastReceivedAt != null) {
        // the commit overtook this callback: it was ready before the 202 was processed
        window.commitReady.record(Math.max(0, micros(now, lastCommittedAt)));
        window.delivery.record(Math.max(0, micros(now, lastReceivedAt)));
        lastCommitted = null;
        return;
      }
      pending.accepted(after, now);
    }

    private void suspend(int gen, long planned) {
      Map<String, Object> body = new LinkedHashMap<>();
      String url;
      synchronized (this) {
        if (gen != generation) {
          return;
        }
        generation++;
        // the page is gone: like the bridge, this learner sees no commit of the ended session,
        // and its resumed session's first commits must not be taken for these checkpoints'
        pending.expire(Instant.MAX);
        body.put("token", sessionToken);
        body.put("reason", "suspend");
        body.put("activeMillis", 1_000 + random.nextInt(10_000));
        body.put("bookmark", bookmark());
        url = ingestUrl + "/v1/sessions/" + sessionId + "/end";
      }
      closeStream();
      send("end", post(url, body, "text/plain").build(), 202, planned, r -> {}, () -> {});
      long resume = planned + settings.resumeAfter().toNanos();
      at(resume, () -> launch(resume, "resume"));
    }

    private HttpRequest authorized(String url, Object body, String token) {
      return post(url, body, "application/json").header("Authorization", "Bearer " + token).build();
    }

    private Map<String, Object> bookmark() {
      Progress p = current == null ? new Progress(script.at(0).challengeId(), 0, 0) : current;
      Map<String, Object> bookmark = new LinkedHashMap<>();
      bookmark.put("topicId", topicId);
      bookmark.put("challengeId", p.challengeId());
      bookmark.put("step", p.step());
      bookmark.put("revealedHints", IntStream.range(0, p.hints()).boxed().toList());
      return bookmark;
    }

    private void openStream(int gen) {
      HttpRequest.Builder request;
      synchronized (this) {
        if (gen != generation || stopping) {
          return;
        }
        request =
            HttpRequest.newBuilder(
                    URI.create(lmsSyncUrl + "/v1/sessions/" + sessionId + "/commits"))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + bridgeToken)
                .GET();
        if (lastEventId > 0) {
          request.header("Last-Event-ID", Long.toString(lastEventId));
        }
      }
      http.sendAsync(request.build(), HttpResponse.BodyHandlers.fromLineSubscriber(new Lines(gen)))
          .whenComplete(
              (response, failure) -> {
                if (stopping) {
                  return;
                }
                if (failure == null && response.statusCode() != 200) {
                  window.error("stream " + response.statusCode());
                }
                // a stream ends after lms-sync's stream-max-age: the bridge reconnects at once
                at(System.nanoTime() + Duration.ofSeconds(1).toNanos(), () -> openStream(gen));
              });
    }

    synchronized void closeStream() {
      if (stream != null) {
        stream.cancel();
        stream = null;
      }
    }

    private void commit(int gen, JsonNode data) {
      Instant receivedAt = Instant.now();
      long sequence = data.path("sequence").asLong();
      JsonNode created = data.path("createdAt");
      Instant createdAt =
          created.isNumber()
              ? Instant.ofEpochSecond(
                  0,
                  created
                      .decimalValue()
                      .movePointRight(9)
                      .min(BigDecimal.valueOf(Long.MAX_VALUE))
                      .longValue())
              : Instant.parse(created.asText());
      Progress shown =
          Progress.fromSuspendData(data.path("elements").path("cmi.suspend_data").asText(null));
      String session;
      String token;
      synchronized (this) {
        if (gen != generation) {
          return;
        }
        lastEventId = Math.max(lastEventId, sequence);
        if (shown != null) {
          List<PendingCheckpoints.Pending> ready = pending.committed(shown);
          for (PendingCheckpoints.Pending p : ready) {
            window.commitReady.record(micros(p.acceptedAt(), createdAt));
            window.delivery.record(micros(p.acceptedAt(), receivedAt));
          }
          if (ready.isEmpty()) {
            lastCommitted = shown;
            lastCommittedAt = createdAt;
            lastReceivedAt = receivedAt;
          }
        }
        session = sessionId;
        token = bridgeToken;
      }
      Map<String, Object> ack = new LinkedHashMap<>();
      ack.put("ok", true);
      ack.put("readBack", Map.of());
      send(
          "ack",
          authorized(
              lmsSyncUrl + "/v1/sessions/" + session + "/commits/" + sequence + "/ack", ack, token),
          200,
          System.nanoTime(),
          r -> {},
          () -> {});
    }

    /** The lines of one commit stream, dispatched per server-sent event. */
    private final class Lines implements Flow.Subscriber<String> {
      private final int gen;
      private String event;
      private final StringBuilder data = new StringBuilder();

      Lines(int gen) {
        this.gen = gen;
      }

      @Override
      public void onSubscribe(Flow.Subscription subscription) {
        synchronized (Learner.this) {
          if (gen != generation || stopping) {
            subscription.cancel();
            return;
          }
          stream = subscription;
        }
        subscription.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(String line) {
        if (line.isEmpty()) {
          if ("commit".equals(event) && data.length() > 0) {
            try {
              commit(gen, JSON.readTree(data.toString()));
            } catch (java.io.IOException | RuntimeException e) {
              window.error("stream unreadable");
              logError("unreadable commit event: " + e);
            }
          }
          event = null;
          data.setLength(0);
        } else if (line.startsWith("event:")) {
          event = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
          data.append(line.substring(5).trim());
        }
      }

      @Override
      public void onError(Throwable throwable) {
        // the whenComplete of the exchange reconnects
      }

      @Override
      public void onComplete() {
        // the whenComplete of the exchange reconnects
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "capacity-" + name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}

package io.learnpulse.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Simulated learners driving the real launch API (lms-sync) and player API (ingest) of the demo
 * topic, as the demo player does: a mix of fast, hint-heavy, failing, abandoning and resuming
 * learners, with a progress line while they run and a summary at the end (per profile: learners,
 * accepted and refused calls, and the SCORM status lms-sync computed). For demos and as load.
 */
final class TrafficSimulator {

  /** How a simulated learner behaves. */
  enum Profile {
    /** Every challenge right on the first try, no hints. */
    FAST,
    /** Reveals every hint before answering right. */
    HINT_HEAVY,
    /** Two or three wrong answers before the right one; one challenge never solved. */
    FAILING,
    /** Opens a challenge or two and leaves without ending the session. */
    ABANDONING,
    /** Solves half, suspends, relaunches with the LMS's location and finishes. */
    RESUMING
  }

  /** The outcome of one learner. */
  record Result(
      String learnerId, Profile profile, int accepted, int refused, String status, String error) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int[] HINTS = {2, 1, 2, 1};
  private static final int[] STEPS = {2, 2, 3, 2};

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String lmsSyncUrl;
  private final Map<String, String> descriptors;
  private final Duration pace;
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();

  /**
   * @param lmsSyncUrl lms-sync's base URL
   * @param descriptors launch descriptor per SCORM version (what each package carries)
   * @param pace pause between two actions of one learner (a learner "thinks")
   */
  TrafficSimulator(String lmsSyncUrl, Map<String, String> descriptors, Duration pace) {
    this.lmsSyncUrl = lmsSyncUrl;
    this.descriptors = descriptors;
    this.pace = pace;
  }

  /** Runs {@code learners} simulated learners, at most 16 at a time, printing progress to out. */
  List<Result> run(int learners, PrintStream out) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(16, learners)));
    AtomicInteger done = new AtomicInteger();
    Map<Profile, AtomicInteger> running = new ConcurrentHashMap<>();
    Instant start = Instant.now();
    List<Future<Result>> futures = new ArrayList<>();
    for (int i = 0; i < learners; i++) {
      int n = i + 1;
      Profile profile = Profile.values()[i % Profile.values().length];
      futures.add(
          pool.submit(
              () -> {
                running.computeIfAbsent(profile, p -> new AtomicInteger()).incrementAndGet();
                Result result = learner(n, profile);
                int finished = done.incrementAndGet();
                out.printf(
                    "  [%d/%d] %-14s %-10s %-26s calls %d accepted, %d refused%s%n",
                    finished,
                    learners,
                    result.learnerId(),
                    result.profile(),
                    result.status(),
                    accepted.get(),
                    refused.get(),
                    result.error() == null ? "" : "  ERROR " + result.error());
                return result;
              }));
    }
    List<Result> results = new ArrayList<>();
    for (Future<Result> future : futures) {
      try {
        results.add(future.get());
      } catch (java.util.concurrent.ExecutionException e) {
        results.add(new Result("?", Profile.FAST, 0, 0, "-", e.getCause().toString()));
      }
    }
    pool.shutdown();
    out.print(summary(results, Duration.between(start, Instant.now())));
    return results;
  }

  /** The end-of-run table. */
  static String summary(List<Result> results, Duration elapsed) {
    Map<Profile, List<Result>> byProfile = new EnumMap<>(Profile.class);
    for (Result r : results) {
      byProfile.computeIfAbsent(r.profile(), p -> new ArrayList<>()).add(r);
    }
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "%nSimulated %d learners in %d s%n  %-11s %8s %9s %8s %7s  %s%n",
            results.size(),
            elapsed.toSeconds(),
            "profile",
            "learners",
            "accepted",
            "refused",
            "errors",
            "SCORM status (lms-sync)"));
    byProfile.forEach(
        (profile, list) -> {
          Map<String, Integer> statuses = new LinkedHashMap<>();
          list.forEach(r -> statuses.merge(r.status(), 1, Integer::sum));
          out.append(
              String.format(
                  "  %-11s %8d %9d %8d %7d  %s%n",
                  profile,
                  list.size(),
                  list.stream().mapToInt(Result::accepted).sum(),
                  list.stream().mapToInt(Result::refused).sum(),
                  list.stream().filter(r -> r.error() != null).count(),
                  statuses));
        });
    return out.toString();
  }

  private Result learner(int n, Profile profile) {
    String learnerId = "sim-learner-" + n;
    String version = DemoTenant.SCORM_VERSIONS.get(n % DemoTenant.SCORM_VERSIONS.size());
    Learner l = new Learner(learnerId, version, new Random(n));
    try {
      l.launch("ab-initio", "", "");
      switch (profile) {
        case FAST -> l.solve(0, DemoTenant.CHALLENGES.size(), 0, 0);
        case HINT_HEAVY -> l.solve(0, DemoTenant.CHALLENGES.size(), Integer.MAX_VALUE, 0);
        case FAILING -> {
          l.solve(0, DemoTenant.CHALLENGES.size() - 1, 0, 3);
          l.open(DemoTenant.CHALLENGES.size() - 1);
          l.answer(DemoTenant.CHALLENGES.size() - 1, "incorrect");
          l.heartbeat();
          l.end("suspend");
        }
        case ABANDONING -> {
          l.open(0);
          l.steps(0);
          l.heartbeat();
        }
        case RESUMING -> {
          l.solve(0, 2, 1, 0);
          l.open(2);
          l.steps(2);
          l.heartbeat();
          l.end("suspend");
          JsonNode scorm = l.scorm();
          l.launch("resume", element(scorm, "cmi.suspend_data"), location(scorm, version));
          l.solve(2, DemoTenant.CHALLENGES.size(), 0, 0);
        }
        default -> throw new IllegalStateException(profile.name());
      }
      if (profile == Profile.FAST || profile == Profile.HINT_HEAVY || profile == Profile.RESUMING) {
        l.heartbeat();
        l.end("terminate");
      }
      return new Result(learnerId, profile, l.accepted, l.refused, l.status(), null);
    } catch (IOException | RuntimeException e) {
      return new Result(learnerId, profile, l.accepted, l.refused, "-", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(learnerId, profile, l.accepted, l.refused, "-", "interrupted");
    }
  }

  private static String element(JsonNode scorm, String name) {
    return scorm.path("elements").path(name).asText("");
  }

  private static String location(JsonNode scorm, String version) {
    return element(scorm, version.equals("SCORM_12") ? "cmi.core.lesson_location" : "cmi.location");
  }

  /** One simulated learner's launch and player session. */
  private final class Learner {
    private final String learnerId;
    private final String version;
    private final Random random;
    private String registrationId;
    private String sessionId;
    private String sessionToken;
    private String bridgeToken;
    private String ingestUrl;
    private long seq;
    private int challenge;
    private int step;
    private boolean continuing;
    private final List<Integer> hints = new ArrayList<>();
    private int accepted;
    private int refused;

    Learner(String learnerId, String version, Random random) {
      this.learnerId = learnerId;
      this.version = version;
      this.random = random;
    }

    void launch(String entry, String suspendData, String location)
        throws IOException, InterruptedException {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("descriptor", descriptors.get(version));
      body.put("learnerId", learnerId);
      body.put("learnerName", "Simulated learner " + learnerId);
      body.put("entry", entry);
      body.put("suspendData", suspendData);
      body.put("location", location);
      JsonNode answer = post(lmsSyncUrl + "/v1/launch", null, body, 201);
      registrationId = answer.path("registrationId").asText();
      sessionId = answer.path("sessionId").asText();
      sessionToken = answer.path("sessionToken").asText();
      bridgeToken = answer.path("bridgeToken").asText();
      ingestUrl = answer.path("ingestUrl").asText().replaceAll("/+$", "");
      seq = 0;
      continuing = entry.equals("resume");
      if (continuing) {
        event("session.resumed", Map.of());
      }
    }

    /** Challenges [from, to): open, walk the steps, hints, wrong answers, the right answer. */
    void solve(int from, int to, int hintCount, int wrongAnswers)
        throws IOException, InterruptedException {
      for (int c = from; c < to; c++) {
        if (!(continuing && c == challenge)) {
          open(c);
        }
        continuing = false;
        steps(c);
        for (int h = 0; h < Math.min(hintCount, HINTS[c]); h++) {
          event("hint.revealed", Map.of("challengeId", id(c), "hintIndex", h));
          hints.add(h);
        }
        for (int w = 0; w < wrongAnswers - random.nextInt(2); w++) {
          answer(c, "incorrect");
        }
        answer(c, c == DemoTenant.CHALLENGES.size() - 1 ? "pending_review" : "correct");
        if (random.nextInt(3) == 0) {
          heartbeat();
        }
      }
    }

    void open(int c) throws IOException, InterruptedException {
      challenge = c;
      step = 0;
      hints.clear();
      event("challenge.opened", Map.of("challengeId", id(c)));
    }

    void steps(int c) throws IOException, InterruptedException {
      for (int s = step; s < STEPS[c]; s++) {
        step = s;
        event("step.reached", Map.of("challengeId", id(c), "step", s, "last", s == STEPS[c] - 1));
      }
    }

    void answer(int c, String outcome) throws IOException, InterruptedException {
      event(
          "answer.submitted",
          Map.of(
              "challengeId",
              id(c),
              "answerId",
              id(c) + ":" + UUID.randomUUID(),
              "outcome",
              outcome));
    }

    void heartbeat() throws IOException, InterruptedException {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("id", UUID.randomUUID().toString());
      body.put("seq", seq++);
      body.put("occurredAt", Instant.now().toString());
      body.put("activeMillis", 5_000 + random.nextInt(25_000));
      body.put("bookmark", bookmark());
      call(ingestUrl + "/v1/sessions/" + sessionId + "/heartbeats", body);
    }

    void end(String reason) throws IOException, InterruptedException {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("token", sessionToken);
      body.put("reason", reason);
      body.put("activeMillis", 1_000 + random.nextInt(10_000));
      body.put("bookmark", bookmark());
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(URI.create(ingestUrl + "/v1/sessions/" + sessionId + "/end"))
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", "text/plain")
                  .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      count(answer.statusCode() == 202);
    }

    JsonNode scorm() throws IOException, InterruptedException {
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(lmsSyncUrl + "/v1/registrations/" + registrationId + "/scorm"))
                  .timeout(Duration.ofSeconds(30))
                  .header("Authorization", "Bearer " + bridgeToken)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return answer.statusCode() == 200 ? JSON.readTree(answer.body()) : JSON.createObjectNode();
    }

    /** The status lms-sync would write to the LMS (as of now: scoring is asynchronous). */
    String status() throws IOException, InterruptedException {
      JsonNode elements = scorm().path("elements");
      if (version.equals("SCORM_12")) {
        return elements.path("cmi.core.lesson_status").asText("-")
            + " "
            + elements.path("cmi.core.score.raw").asText("");
      }
      return elements.path("cmi.completion_status").asText("-")
          + "/"
          + elements.path("cmi.success_status").asText("-")
          + " "
          + elements.path("cmi.score.raw").asText("");
    }

    private Map<String, Object> bookmark() {
      Map<String, Object> bookmark = new LinkedHashMap<>();
      bookmark.put("topicId", DemoTenant.TOPIC);
      bookmark.put("challengeId", id(challenge));
      bookmark.put("step", step);
      bookmark.put("revealedHints", List.copyOf(hints));
      return bookmark;
    }

    private void event(String type, Map<String, Object> fields)
        throws IOException, InterruptedException {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("id", UUID.randomUUID().toString());
      body.put("seq", seq++);
      body.put("type", type);
      body.put("occurredAt", Instant.now().toString());
      body.putAll(fields);
      call(ingestUrl + "/v1/sessions/" + sessionId + "/events", body);
    }

    private void call(String url, Object body) throws IOException, InterruptedException {
      // Pacing between a learner's actions: simulated thinking time, so sessions overlap.
      Thread.sleep(pace.toMillis() / 2 + random.nextLong(Math.max(1, pace.toMillis())));
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(URI.create(url))
                  .timeout(Duration.ofSeconds(30))
                  .header("Authorization", "Bearer " + sessionToken)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      count(answer.statusCode() == 202);
    }

    private void count(boolean ok) {
      if (ok) {
        accepted++;
        TrafficSimulator.this.accepted.incrementAndGet();
      } else {
        refused++;
        TrafficSimulator.this.refused.incrementAndGet();
      }
    }

    private JsonNode post(String url, String bearer, Object body, int expected)
        throws IOException, InterruptedException {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      if (bearer != null) {
        request.header("Authorization", "Bearer " + bearer);
      }
      HttpResponse<String> answer =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != expected) {
        throw new IOException(url + " answered " + answer.statusCode() + ": " + answer.body());
      }
      return JSON.readTree(answer.body());
    }

    private String id(int c) {
      return DemoTenant.CHALLENGES.get(c);
    }
  }
}

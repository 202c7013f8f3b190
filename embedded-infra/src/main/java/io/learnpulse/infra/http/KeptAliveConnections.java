package io.learnpulse.infra.http;

import io.learnpulse.infra.http.RawHttpConnection.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Many kept-alive HTTP/1.1 connections at once ({@link RawHttpConnection}), recording for every
 * request that got no answer within a bound which connection and which request it was and what that
 * connection exchanged before. It tests that a server answers every request on a reused connection:
 * a pooled client (WebTestClient, a browser) hides which connection hung, and retries or opens
 * another.
 *
 * <p>Each connection runs rounds; a round writes two requests in one write (HTTP/1.1 pipelining, so
 * the second arrives while the first is still being answered), reads both answers, then sends one
 * more request at once and reads its answer. This is the pattern that left Reactor Netty 1.3.6
 * connections unread for good (ADR 32): a request that arrived before the previous exchange had
 * terminated was buffered, and once the buffer drained nothing asked the socket for more.
 */
public final class KeptAliveConnections {

  /** One answered request: its path and status. */
  public record Answer(String path, int status) {}

  /**
   * What a run saw.
   *
   * @param answered the answered requests, by connection
   * @param unanswered each request that got no answer within the bound (connection, local port,
   *     request, the exchanges before it on that connection)
   */
  public record Report(Map<Integer, List<Answer>> answered, List<String> unanswered) {

    /** The statuses answered for {@code path}, on every connection. */
    public List<Integer> statusesOf(String path) {
      return answered.values().stream()
          .flatMap(List::stream)
          .filter(answer -> answer.path().equals(path))
          .map(Answer::status)
          .toList();
    }

    /** Each path of {@code expected} that was not answered, or answered another status. */
    public List<String> unexpected(Map<String, Integer> expected) {
      List<String> wrong = new ArrayList<>();
      expected.forEach(
          (path, status) -> {
            List<Integer> statuses = statusesOf(path);
            if (statuses.isEmpty() || statuses.stream().anyMatch(s -> !s.equals(status))) {
              wrong.add("GET " + path + " answered " + statuses + ", expected " + status);
            }
          });
      return wrong;
    }
  }

  /**
   * Paths every service port answers in its own way: the two probes (off the event loop) and two
   * 404s (on it), one of them actuator's, which only the management port serves (ADR 32).
   */
  public static final Map<String, Integer> PROBES_AND_MISSING_PATHS =
      orderedMap("/readyz", 200, "/actuator/prometheus", 404, "/livez", 200, "/no/such/path", 404);

  /**
   * {@link #PROBES_AND_MISSING_PATHS} with {@code path} answered {@code status} put second, so that
   * five paths taken three a round meet in every order.
   */
  public static Map<String, Integer> probesAndMissingPathsWith(String path, int status) {
    return orderedMap(
        "/readyz",
        200,
        path,
        status,
        "/actuator/prometheus",
        404,
        "/livez",
        200,
        "/no/such/path",
        404);
  }

  private static Map<String, Integer> orderedMap(Object... pathsAndStatuses) {
    Map<String, Integer> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < pathsAndStatuses.length; i += 2) {
      map.put((String) pathsAndStatuses[i], (Integer) pathsAndStatuses[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }

  private final int port;
  private final Duration bound;

  /** A client of the loopback port {@code port}, waiting at most {@code bound} for each answer. */
  public KeptAliveConnections(int port, Duration bound) {
    this.port = port;
    this.bound = bound;
  }

  /**
   * Opens {@code connections} connections at once and runs {@code rounds} rounds on each, taking
   * GET paths from {@code paths} in turn (starting at the connection's number), each request with
   * {@code headers}.
   */
  public Report run(int connections, int rounds, List<String> paths, Map<String, String> headers)
      throws InterruptedException {
    Map<Integer, List<Answer>> answered = new ConcurrentHashMap<>();
    ConcurrentLinkedQueue<String> unanswered = new ConcurrentLinkedQueue<>();
    ExecutorService threads = Executors.newFixedThreadPool(connections);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < connections; c++) {
        int connection = c;
        List<Answer> answers = new ArrayList<>();
        answered.put(connection, answers);
        running.add(
            threads.submit(
                () -> converse(connection, rounds, paths, headers, answers, unanswered)));
      }
      // every answer is bounded, so a connection ends within three bounds a round
      long limit = bound.toMillis() * (3L * rounds + 1);
      for (Future<?> connection : running) {
        try {
          connection.get(limit, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
          unanswered.add("a connection failed: " + e);
        }
      }
    } finally {
      threads.shutdownNow();
    }
    return new Report(Map.copyOf(answered), List.copyOf(unanswered));
  }

  private void converse(
      int connection,
      int rounds,
      List<String> paths,
      Map<String, String> headers,
      List<Answer> answers,
      ConcurrentLinkedQueue<String> unanswered) {
    int next = connection;
    try (RawHttpConnection http = RawHttpConnection.open(port)) {
      for (int round = 0; round < rounds; round++) {
        String first = paths.get(next++ % paths.size());
        String second = paths.get(next++ % paths.size());
        String third = paths.get(next++ % paths.size());
        http.send(RawHttpConnection.get(first, headers) + RawHttpConnection.get(second, headers));
        for (String path : List.of(first, second)) {
          if (!answered(http, path, answers)) {
            unanswered.add(describe(connection, http, answers, path));
            return;
          }
        }
        http.send(RawHttpConnection.get(third, headers));
        if (!answered(http, third, answers)) {
          unanswered.add(describe(connection, http, answers, third));
          return;
        }
      }
    }
  }

  private boolean answered(RawHttpConnection http, String path, List<Answer> answers) {
    Optional<Response> response = http.read(bound);
    response.ifPresent(answer -> answers.add(new Answer(path, answer.status())));
    return response.isPresent();
  }

  private String describe(
      int connection, RawHttpConnection http, List<Answer> answers, String path) {
    return "connection "
        + connection
        + " (local port "
        + http.localPort()
        + "), request "
        + (answers.size() + 1)
        + " GET "
        + path
        + ": no answer within "
        + bound
        + "; before it on this connection: "
        + answers.subList(Math.max(0, answers.size() - 4), answers.size());
  }
}

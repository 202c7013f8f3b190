package io.learnpulse.lmssync.bench;

import io.learnpulse.infra.EmbeddedInfrastructure;
import io.learnpulse.infra.Infrastructure;
import io.learnpulse.lmssync.LmsSyncApplication;
import io.learnpulse.lmssync.launch.DescriptorLockSwitch;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Concurrent launches through ONE package's descriptor (a cohort launching one package) against the
 * same number of launches spread over as many descriptors as clients (no shared row), in one run on
 * one machine, with the launch as it is and with the descriptor row lock it took before ADR 0034
 * ({@link DescriptorLockSwitch}).
 *
 * <p>Starts the embedded infrastructure (KRaft broker, registry, PostgreSQL) and the real service
 * ({@link LmsSyncApplication}, its HTTP server, outbox relay and listeners, default pool and Tomcat
 * sizes), creates one tenant with one assignment and {@code bench.clients} + 1 uncapped descriptors
 * through the admin API, then per scenario runs a <b>closed loop</b>: {@code bench.clients} client
 * threads, each sending {@code POST /v1/launch} for a new learner (the path that counts a
 * registration against the descriptor) and the next one as soon as the answer came, for {@code
 * bench.seconds}. Reported: launches answered 201 per second, latency percentiles of every request,
 * answers other than 201 by status (0: an I/O error or the client's 10 s timeout, as in the
 * capacity run), and CPU per launch of this JVM (broker, registry, service, clients) and of the
 * PostgreSQL server. A warm-up of {@code bench.warmup-seconds} per mode runs first and is not
 * reported.
 *
 * <p>Run: {@code ./mvnw -q -pl lms-sync-service -am test-compile -Plaunch-benchmark}; sizes with
 * {@code -Dbench.clients=32 -Dbench.seconds=20 -Dbench.warmup-seconds=5 -Dbench.rounds=1}.
 */
public final class LaunchBenchmark {

  private static final String ADMIN_TOKEN = "bench-admin-token-0123456789";
  private static final String TENANT = "bench";
  private static final String ASSIGNMENT = "bench-assignment";

  /** One measured scenario. */
  record Result(
      String scenario,
      long launched,
      double seconds,
      long[] latenciesNanos,
      Map<Integer, Long> refusals,
      long jvmCpuNanos,
      long postgresCpuNanos) {

    double perSecond() {
      return launched / seconds;
    }

    double percentileMillis(double p) {
      if (latenciesNanos.length == 0) {
        return Double.NaN;
      }
      int index = (int) Math.ceil(p / 100 * latenciesNanos.length) - 1;
      return latenciesNanos[Math.max(0, Math.min(index, latenciesNanos.length - 1))] / 1e6;
    }

    double jvmMsPerLaunch() {
      return launched == 0 ? Double.NaN : jvmCpuNanos / 1e6 / launched;
    }

    double postgresMsPerLaunch() {
      return launched == 0 ? Double.NaN : postgresCpuNanos / 1e6 / launched;
    }
  }

  private final int clients;
  private final ConfigurableApplicationContext app;
  private final DescriptorLockSwitch descriptors;
  private final ProcessCpu cpu;
  private final URI launchUri;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final JsonMapper json = JsonMapper.builder().build();
  private final AtomicLong learners = new AtomicLong();
  private final String base;

  private LaunchBenchmark(Infrastructure infra, int clients) {
    this.clients = clients;
    this.app = startService(infra);
    this.descriptors = app.getBean(DescriptorLockSwitch.class);
    JdbcClient jdbc = JdbcClient.create(app.getBean(DataSource.class));
    this.cpu = new ProcessCpu(jdbc.sql("select pg_backend_pid()").query(Long.class).single());
    this.base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    this.launchUri = URI.create(base + "/v1/launch");
  }

  /** Runs the benchmark and prints its results as a Markdown table. */
  public static void main(String[] args) throws Exception {
    int clients = Integer.getInteger("bench.clients", 32);
    Duration length = Duration.ofSeconds(Integer.getInteger("bench.seconds", 20));
    Duration warmup = Duration.ofSeconds(Integer.getInteger("bench.warmup-seconds", 5));
    int rounds = Integer.getInteger("bench.rounds", 1);
    List<Result> results = new ArrayList<>();
    try (EmbeddedInfrastructure embedded = EmbeddedInfrastructure.start()) {
      Infrastructure infra = embedded.infrastructure().prepareCatalog();
      LaunchBenchmark bench = new LaunchBenchmark(infra, clients);
      try {
        bench.tenant();
        List<String> one = List.of(bench.issue());
        List<String> many = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
          many.add(bench.issue());
        }
        for (boolean locking : new boolean[] {true, false}) {
          bench.descriptors.locking(locking);
          bench.run("warm-up", many, warmup);
        }
        for (int round = 0; round < rounds; round++) {
          for (boolean locking : new boolean[] {true, false}) {
            bench.descriptors.locking(locking);
            String mode = locking ? "row locked (before)" : "ADR 0034 (after)";
            results.add(print(bench.run(mode + ", 1 descriptor", one, length)));
            results.add(print(bench.run(mode + ", " + clients + " descriptors", many, length)));
          }
        }
      } finally {
        bench.app.close();
      }
    }
    report(results, clients, length);
  }

  private static ConfigurableApplicationContext startService(Infrastructure infra) {
    String unlimited = "1000000000";
    return BenchService.start(
        infra,
        Map.of(
            "learnpulse.lms-sync.auto-register-schemas", "true",
            "learnpulse.lms-sync.admin.dev-token", ADMIN_TOKEN,
            // every client launches from 127.0.0.1 for one tenant: the rate limits would answer 429
            "learnpulse.lms-sync.launch.per-tenant-burst", unlimited,
            "learnpulse.lms-sync.launch.per-tenant-per-minute", unlimited,
            "learnpulse.lms-sync.launch.per-source-burst", unlimited,
            "learnpulse.lms-sync.launch.per-source-per-minute", unlimited),
        DescriptorLockSwitch.class);
  }

  /** The tenant and its assignment (topic {@code t}), through the admin API. */
  private void tenant() throws Exception {
    admin(
        "PUT",
        "/v1/admin/tenants/" + TENANT,
        "{\"name\":\"Benchmark\",\"playerOrigins\":[\"https://player.example\"]}",
        201);
    admin(
        "PUT",
        "/v1/admin/tenants/" + TENANT + "/assignments/" + ASSIGNMENT,
        "{\"topics\":[{\"topicId\":\"t\",\"challengeIds\":[\"a\",\"b\"]}],\"passingScore\":70}",
        200);
  }

  /** A new uncapped descriptor of the assignment's topic (recorded: launches count on its row). */
  private String issue() throws Exception {
    String answer =
        admin(
            "POST",
            "/v1/admin/tenants/" + TENANT + "/assignments/" + ASSIGNMENT + "/topics/t/descriptor",
            "{\"scormVersion\":\"SCORM_12\"}",
            200);
    return json.readTree(answer).path("descriptor").asText();
  }

  private String admin(String method, String path, String body, int expected) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expected) {
      throw new IllegalStateException(
          method + " " + path + ": " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  /** One closed-loop scenario: client i launches new learners through descriptor i mod n. */
  private Result run(String scenario, List<String> through, Duration length) throws Exception {
    long cpuBefore = ProcessCpu.jvmNanos();
    long postgresBefore = cpu.postgresNanos();
    long started = System.nanoTime();
    long deadline = started + length.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<Client>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < clients; i++) {
        String descriptor = through.get(i % through.size());
        futures.add(pool.submit(() -> client(descriptor, deadline)));
      }
      long launched = 0;
      List<long[]> latencies = new ArrayList<>();
      Map<Integer, Long> refusals = new TreeMap<>();
      for (Future<Client> future : futures) {
        Client client = future.get();
        launched += client.launched;
        latencies.add(Arrays.copyOf(client.latencies, client.count));
        client.refusals.forEach((status, n) -> refusals.merge(status, n, Long::sum));
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
      return new Result(
          scenario,
          launched,
          seconds,
          all,
          refusals,
          ProcessCpu.jvmNanos() - cpuBefore,
          cpu.postgresNanos() - postgresBefore);
    } finally {
      pool.shutdownNow();
    }
  }

  /** What one client thread did. */
  private static final class Client {
    long[] latencies = new long[1024];
    int count;
    long launched;
    final Map<Integer, Long> refusals = new HashMap<>();

    void record(long nanos, int status) {
      if (count == latencies.length) {
        latencies = Arrays.copyOf(latencies, count * 2);
      }
      latencies[count++] = nanos;
      if (status == 201) {
        launched++;
      } else {
        refusals.merge(status, 1L, Long::sum);
      }
    }
  }

  private Client client(String descriptor, long deadline) throws Exception {
    Client client = new Client();
    while (System.nanoTime() < deadline) {
      String body =
          "{\"descriptor\":\""
              + descriptor
              + "\",\"learnerId\":\"learner-"
              + learners.incrementAndGet()
              + "\",\"learnerName\":\"Learner\",\"entry\":\"ab-initio\",\"suspendData\":\"\""
              + ",\"location\":\"\"}";
      long sent = System.nanoTime();
      int status;
      try {
        status =
            http.send(
                    HttpRequest.newBuilder(launchUri)
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
      } catch (java.io.IOException e) {
        status = 0; // an I/O error or the client's 10 s timeout, as in the capacity run
      }
      client.record(System.nanoTime() - sent, status);
    }
    return client;
  }

  private static Result print(Result result) {
    System.out.printf(
        Locale.ROOT,
        "%-40s %,8d launches in %5.1f s: %,7.1f/s, p50 %,6.0f ms, p99 %,6.0f ms, max %,6.0f ms,"
            + " other answers %s, CPU ms per launch: JVM %.1f, PostgreSQL %.1f%n",
        result.scenario(),
        result.launched(),
        result.seconds(),
        result.perSecond(),
        result.percentileMillis(50),
        result.percentileMillis(99),
        result.percentileMillis(100),
        result.refusals(),
        result.jvmMsPerLaunch(),
        result.postgresMsPerLaunch());
    return result;
  }

  private static void report(List<Result> results, int clients, Duration length) {
    System.out.printf(
        Locale.ROOT,
        "%n%d clients, closed loop, %d s per scenario, new learners, %d cores%n%n",
        clients,
        length.toSeconds(),
        Runtime.getRuntime().availableProcessors());
    System.out.println(
        "| scenario | launches/s | p50 ms | p99 ms | max ms | other answers |"
            + " CPU ms/launch JVM | CPU ms/launch PostgreSQL |");
    System.out.println("|---|---:|---:|---:|---:|---|---:|---:|");
    for (Result r : results) {
      System.out.printf(
          Locale.ROOT,
          "| %s | %,.1f | %,.0f | %,.0f | %,.0f | %s | %.1f | %.1f |%n",
          r.scenario(),
          r.perSecond(),
          r.percentileMillis(50),
          r.percentileMillis(99),
          r.percentileMillis(100),
          r.refusals().isEmpty() ? "none" : r.refusals().toString(),
          r.jvmMsPerLaunch(),
          r.postgresMsPerLaunch());
    }
  }
}

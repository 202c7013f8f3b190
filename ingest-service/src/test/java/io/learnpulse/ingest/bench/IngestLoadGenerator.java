package io.learnpulse.ingest.bench;

import io.learnpulse.infra.kafka.KraftBroker;
import io.learnpulse.infra.registry.SchemaRegistryServer;
import io.learnpulse.ingest.IngestApplication;
import io.learnpulse.ingest.support.TestSession;
import io.learnpulse.ingest.support.TokenIssuer;
import io.learnpulse.ingest.support.TopicProbe;
import io.learnpulse.schemas.registry.RestSchemaRegistryClient;
import io.learnpulse.schemas.topics.CatalogSchemas;
import io.learnpulse.schemas.topics.Topics;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufMono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

/**
 * The ingest-service benchmark (a program, not a test; {@code docs/benchmarks.md} has the command).
 * In one JVM it starts a real KRaft broker and the Confluent-API registry (embedded-infra), the
 * ingest service on a free port with a token issuer standing in for lms-sync, and a do-nothing
 * WebFlux endpoint on Reactor Netty answering 202 at once; then it drives them with the same
 * Reactor Netty client:
 *
 * <ul>
 *   <li>open loop at about {@code bench.connections} (1,000) keep-alive connections, like learners
 *       each sending a request now and then: requests at a constant offered rate, spread over the
 *       connections (a FIFO pool opened up front), each latency measured from the request's
 *       scheduled send time, so a stalled server cannot hide its queueing (no coordinated
 *       omission). The rate is stepped up ({@code bench.step-seconds} per step, ×1.5, then two
 *       bisection steps) until p99 exceeds 50 ms, a request fails or the achieved rate falls short
 *       of the offered one: the highest rate held is the capacity. The same ramp runs against the
 *       do-nothing endpoint;
 *   <li>closed loop: {@code bench.clients} concurrent clients, each sending its next request when
 *       the previous one is answered (saturation throughput and CPU per request);
 * </ul>
 *
 * for single-event requests (ingest and the do-nothing endpoint) and batches of {@code bench.batch}
 * events (ingest), and runs Kafka's own {@code ProducerPerformance} against the same broker with
 * the Avro record size the requests produce. It reports offered and achieved rates, events/s,
 * p50/p99/p99.9 latency, errors, open connections, the process's CPU milliseconds per request, and
 * the comparisons of docs/design.md#targets, and writes them into the "ingest-service" section of
 * the file named by the first argument ({@link BenchmarkReport}). With {@code -Dbench.jfr=FILE} a
 * JFR recording ({@code profile} settings) covers the single-event closed loop, and one in {@code
 * FILE} with {@code -batch} before the extension the batch closed loop, both after the warm-up.
 * {@code -Dbench.open-loop=false} runs the closed loops and {@code ProducerPerformance} only (for
 * profiling) and writes nothing.
 */
public final class IngestLoadGenerator {

  private static final Duration SCENARIO = Duration.ofSeconds(Long.getLong("bench.seconds", 20));
  private static final Duration WARMUP =
      Duration.ofSeconds(Long.getLong("bench.warmup-seconds", 20));
  private static final Duration STEP = Duration.ofSeconds(Long.getLong("bench.step-seconds", 10));
  private static final int CLIENTS = Integer.getInteger("bench.clients", 32);
  private static final int CONNECTIONS = Integer.getInteger("bench.connections", 1000);
  private static final int BATCH = Integer.getInteger("bench.batch", 50);
  private static final int SESSIONS = Integer.getInteger("bench.sessions", 1000);
  private static final double START_RATE =
      Double.parseDouble(System.getProperty("bench.start-rate", "100"));
  private static final String JFR = System.getProperty("bench.jfr", "");
  private static final boolean OPEN_LOOP =
      Boolean.parseBoolean(System.getProperty("bench.open-loop", "true"));
  private static final Duration WARMUP_WINDOW = Duration.ofSeconds(5);
  private static final Duration MAX_WARMUP = Duration.ofSeconds(240);
  private static final double STEP_FACTOR = 1.5;
  private static final int MAX_STEPS = 14;
  private static final int BISECTIONS = 2;
  private static final double OPEN_LOOP_FRACTION = 0.5;

  /** What an open-loop step must hold to count: the design's latency bound and no errors. */
  static final double P99_BOUND_MILLIS = 50;

  /** The achieved rate may fall this far short of the offered one (scheduling granularity). */
  static final double ACHIEVED_FRACTION = 0.97;

  private static final String PERF_TOPIC = "bench.producer-performance";

  private final List<TestSession> sessions = new ArrayList<>();
  private final List<String> tokens = new ArrayList<>();
  private final AtomicLong sequence = new AtomicLong();
  private final LongAdder opened = new LongAdder();
  private final LongAdder closed = new LongAdder();
  private final HttpClient http;

  private IngestLoadGenerator() {
    // FIFO: an idle connection goes to the back of the queue, so a steady open loop cycles through
    // all of them instead of reusing the few most recent ones.
    ConnectionProvider pool =
        ConnectionProvider.builder("bench")
            .maxConnections(Math.max(CLIENTS, CONNECTIONS))
            .pendingAcquireMaxCount(-1)
            .pendingAcquireTimeout(Duration.ofMinutes(2))
            .fifo()
            .build();
    this.http =
        HttpClient.create(pool)
            .keepAlive(true)
            .doOnChannelInit(
                (observer, channel, address) -> {
                  opened.increment();
                  channel.closeFuture().addListener(f -> closed.increment());
                });
  }

  /** Runs the benchmark; {@code args[0]} is the Markdown file to write the results into. */
  public static void main(String[] args) throws Exception {
    Path report = Path.of(args.length > 0 ? args[0] : "docs/benchmarks.md");
    int status = 0;
    try {
      new IngestLoadGenerator().run(report);
    } catch (Exception | AssertionError e) {
      LoggerFactory.getLogger(IngestLoadGenerator.class).error("The benchmark failed", e);
      status = 1;
    }
    // Kafka, Netty and Spring leave non-daemon threads behind; the results are written.
    System.exit(status);
  }

  private void run(Path report) throws Exception {
    System.out.printf(
        "ingest benchmark: %d s per closed-loop scenario and %d s per open-loop step after %d s"
            + " warm-up, %d closed-loop clients, %d open-loop connections%n",
        SCENARIO.toSeconds(), STEP.toSeconds(), WARMUP.toSeconds(), CLIENTS, CONNECTIONS);
    try (KraftBroker broker = KraftBroker.builder().build().start();
        SchemaRegistryServer registry =
            SchemaRegistryServer.kafkaBacked(broker.bootstrapServers());
        TokenIssuer issuer = TokenIssuer.start()) {
      broker.createTopics(Topics.newTopics((short) 1));
      broker.createTopics(
          List.of(new NewTopic(PERF_TOPIC, Topics.REGISTRATION_PARTITIONS, (short) 1)));
      CatalogSchemas.registerAll(RestSchemaRegistryClient.of(registry.url()));
      for (int i = 0; i < SESSIONS; i++) {
        TestSession session = TestSession.fresh("tenant-" + (i % 10));
        sessions.add(session);
        tokens.add(issuer.token(session));
      }
      ConfigurableApplicationContext ingest =
          new SpringApplicationBuilder(IngestApplication.class)
              .run(
                  "--server.port=0",
                  "--management.server.port=0",
                  "--server.address=127.0.0.1",
                  "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                  "--learnpulse.ingest.schema-registry-url=" + registry.url(),
                  "--learnpulse.ingest.jwks-uri=" + issuer.jwksUri(),
                  "--learnpulse.ingest.issuer=" + TokenIssuer.ISSUER,
                  "--learnpulse.ingest.max-batch-size=" + Math.max(500, BATCH),
                  "--logging.level.root=WARN",
                  "--logging.level.io.learnpulse=WARN");
      String ingestUrl =
          "http://127.0.0.1:" + ingest.getEnvironment().getProperty("local.server.port");
      DisposableServer noop = startDoNothingEndpoint();
      String noopUrl = "http://127.0.0.1:" + noop.port();
      try {
        Results results = new Results();
        Supplier<Mono<Integer>> single = () -> post(ingestUrl, 1);
        Supplier<Mono<Integer>> batch = () -> post(ingestUrl, BATCH);
        Supplier<Mono<Integer>> nothing = () -> post(noopUrl, 1);

        openConnections(nothing);
        openConnections(single);
        warmUp(nothing, 1);
        warmUp(single, 1);
        warmUp(batch, BATCH);
        int recordSize = measureRecordSize(broker, registry.url(), ingestUrl);
        double idleCpu = idleCpuMillisPerSecond();

        Result noopClosed =
            results.add(
                closedLoop("do-nothing WebFlux endpoint, closed loop", nothing, 1, SCENARIO));
        Result singleClosed =
            profiled(
                JFR,
                () ->
                    results.add(
                        closedLoop("ingest, 1 event/request, closed loop", single, 1, SCENARIO)));
        Result batchClosed =
            profiled(
                batchRecording(),
                () ->
                    results.add(
                        closedLoop(
                            "ingest, " + BATCH + " events/request, closed loop",
                            batch,
                            BATCH,
                            SCENARIO)));
        if (!OPEN_LOOP) {
          // A profiling run: the closed loops and ProducerPerformance only, nothing written.
          System.out.println(
              ProducerPerformanceRun.run(
                  broker.bootstrapServers(), PERF_TOPIC, recordSize, SCENARIO));
          return;
        }
        double batchRate = Math.max(2, OPEN_LOOP_FRACTION * batchClosed.requestsPerSecond());
        results.add(
            openLoop(
                "ingest, " + BATCH + " events/request, open loop",
                batch,
                BATCH,
                batchRate,
                SCENARIO));

        Ramp noopRamp = ramp("do-nothing WebFlux endpoint", nothing);
        Ramp singleRamp = ramp("ingest, 1 event/request", single);

        ProducerPerformanceRun.Result perf =
            ProducerPerformanceRun.run(broker.bootstrapServers(), PERF_TOPIC, recordSize, SCENARIO);
        System.out.println(perf);

        String section =
            BenchmarkReport.section(
                new BenchmarkReport.Figures(
                    results.all,
                    noopClosed,
                    singleClosed,
                    batchClosed,
                    noopRamp,
                    singleRamp,
                    perf,
                    recordSize,
                    idleCpu),
                new BenchmarkReport.Setup(
                    SCENARIO, WARMUP, STEP, CLIENTS, CONNECTIONS, BATCH, SESSIONS, batchRate));
        BenchmarkReport.write(report, section);
        System.out.println(section);
      } finally {
        noop.disposeNow();
        ingest.close();
      }
    }
  }

  /**
   * Warms one target up in closed loop for at least {@code bench.warmup-seconds}, then in 5-second
   * windows until the JIT has settled: the CPU per request of a window within 10% of the one before
   * and the compilers idle for most of it (on a busy 2-core machine C2 can take minutes to compile
   * ingest's request path, and interpreted code costs many times the CPU). At most {@link
   * #MAX_WARMUP}.
   */
  private void warmUp(Supplier<Mono<Integer>> request, int eventsPerRequest)
      throws InterruptedException {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    long start = System.nanoTime();
    closedLoop("warm-up", request, eventsPerRequest, WARMUP);
    double previous = Double.NaN;
    while (System.nanoTime() - start < MAX_WARMUP.toNanos()) {
      long compiling = jit.getTotalCompilationTime();
      Result window = closedLoop("warm-up", request, eventsPerRequest, WARMUP_WINDOW);
      long compiled = jit.getTotalCompilationTime() - compiling;
      double cpu = window.cpuMillisPerRequest();
      boolean settled =
          Math.abs(cpu - previous) <= 0.1 * previous && compiled < 0.2 * WARMUP_WINDOW.toMillis();
      previous = cpu;
      if (settled) {
        break;
      }
    }
    System.out.printf(
        "warmed up in %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
  }

  /** Where the batch closed loop is recorded: {@code bench.jfr} with {@code -batch} added. */
  private static String batchRecording() {
    if (JFR.isBlank()) {
      return JFR;
    }
    int dot = JFR.lastIndexOf('.');
    return dot > 0 ? JFR.substring(0, dot) + "-batch" + JFR.substring(dot) : JFR + "-batch";
  }

  /** Runs {@code scenario}, under a JFR recording into {@code file} unless it is blank. */
  private static Result profiled(String file, Callable<Result> scenario) throws Exception {
    if (file.isBlank()) {
      return scenario.call();
    }
    try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
      recording.start();
      Result result = scenario.call();
      recording.stop();
      recording.dump(Path.of(file));
      System.out.println("JFR recording of a closed loop (after the warm-up): " + file);
      return result;
    }
  }

  /**
   * Opens the pool's connections to one server: {@code bench.connections} requests at once, so that
   * every connection of the FIFO pool exists before the open loops.
   */
  private void openConnections(Supplier<Mono<Integer>> request) {
    long before = opened.sum();
    Flux.range(0, CONNECTIONS)
        .flatMap(i -> request.get(), CONNECTIONS)
        .then()
        .block(Duration.ofMinutes(2));
    System.out.printf(
        "opened %d connections (%d open in all)%n", opened.sum() - before, openConnections());
  }

  private long openConnections() {
    return opened.sum() - closed.sum();
  }

  /**
   * Steps the open-loop rate up from {@code bench.start-rate} by {@value #STEP_FACTOR} until a step
   * fails to hold ({@link #held}), then bisects between the last held and the failed rate.
   */
  private Ramp ramp(String name, Supplier<Mono<Integer>> request) throws InterruptedException {
    List<Result> steps = new ArrayList<>();
    Result held = null;
    Result failed = null;
    double rate = START_RATE;
    for (int i = 0; i < MAX_STEPS; i++) {
      Result step = step(name, request, rate, steps);
      if (!held(step)) {
        failed = step;
        break;
      }
      held = step;
      rate *= STEP_FACTOR;
    }
    for (int i = 0; i < BISECTIONS && failed != null && held != null; i++) {
      double between = Math.sqrt(held.offeredPerSecond() * failed.offeredPerSecond());
      Result step = step(name, request, between, steps);
      if (held(step)) {
        held = step;
      } else {
        failed = step;
      }
    }
    return new Ramp(name, steps, held, failed);
  }

  /**
   * One open-loop step at {@code rate}, run a second time when it does not hold: on a machine
   * shared with other work one descheduling of the process can fail a 10-second step's p99 at any
   * rate (the do-nothing endpoint's too), and a ramp should stop at the server's limit, not at such
   * a stall. Both runs are reported; the second decides.
   */
  private Result step(String name, Supplier<Mono<Integer>> request, double rate, List<Result> steps)
      throws InterruptedException {
    Result step = openLoop(name + ", open loop", request, 1, rate, STEP);
    steps.add(step);
    if (!held(step)) {
      step = openLoop(name + ", open loop (again)", request, 1, rate, STEP);
      steps.add(step);
    }
    return step;
  }

  /** A step holds when no request failed, p99 ≤ 50 ms and the offered rate was achieved. */
  static boolean held(Result step) {
    return step.failed() == 0
        && step.percentileMillis(99) <= P99_BOUND_MILLIS
        && step.requestsPerSecond() >= ACHIEVED_FRACTION * step.offeredPerSecond();
  }

  /** The process's CPU while nothing is sent (broker, registry, timers), in ms per second. */
  private static double idleCpuMillisPerSecond() {
    long cpu = processCpuNanos();
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(5);
    for (long now = start; now < end; now = System.nanoTime()) {
      LockSupport.parkNanos(end - now);
    }
    return (processCpuNanos() - cpu) / 1e6 / ((System.nanoTime() - start) / 1e9);
  }

  /** A WebFlux functional endpoint on Reactor Netty that answers 202 without looking. */
  private static DisposableServer startDoNothingEndpoint() {
    HttpHandler handler =
        RouterFunctions.toHttpHandler(
            RouterFunctions.route(
                RequestPredicates.POST("/v1/sessions/{sessionId}/events"),
                request -> ServerResponse.accepted().build()));
    return HttpServer.create()
        .host("127.0.0.1")
        .port(0)
        .handle(new ReactorHttpHandlerAdapter(handler))
        .bindNow();
  }

  /** Posts {@code events} challenge.opened events of one session; emits the status code. */
  private Mono<Integer> post(String baseUrl, int events) {
    int index = (int) (sequence.getAndIncrement() % SESSIONS);
    TestSession session = sessions.get(index);
    String body = body(events);
    return http.headers(
            h ->
                h.set("Authorization", "Bearer " + tokens.get(index))
                    .set("Content-Type", "application/json"))
        .post()
        .uri(baseUrl + session.eventsPath())
        .send(ByteBufMono.fromString(Mono.just(body)))
        .responseSingle(
            (response, content) ->
                content.asByteArray().then(Mono.fromSupplier(() -> response.status().code())))
        .defaultIfEmpty(0);
  }

  private String body(int events) {
    String now = Instant.now().toString();
    StringBuilder json = new StringBuilder(events * 160 + 2);
    if (events > 1) {
      json.append('[');
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < events; i++) {
      if (i > 0) {
        json.append(',');
      }
      long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
      long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
      json.append("{\"id\":\"")
          .append(new UUID(msb, lsb))
          .append("\",\"seq\":")
          .append(sequence.get() + i)
          .append(",\"type\":\"challenge.opened\",\"occurredAt\":\"")
          .append(now)
          .append("\",\"challengeId\":\"challenge-")
          .append(i % 20)
          .append("\"}");
    }
    if (events > 1) {
      json.append(']');
    }
    return json.toString();
  }

  /** The size of the Avro value (wire format) one single-event request produces. */
  private int measureRecordSize(KraftBroker broker, String registryUrl, String ingestUrl) {
    try (TopicProbe probe =
        TopicProbe.open(broker.bootstrapServers(), registryUrl, List.of(Topics.ACTIVITY.name()))) {
      var before = probe.endOffsets();
      Integer status = post(ingestUrl, 1).block(Duration.ofSeconds(30));
      if (status == null || status != 202) {
        throw new IllegalStateException("ingest answered " + status + " to a valid request");
      }
      var records = probe.recordsSince(before);
      int size = records.get(0).value().length;
      System.out.printf(
          "one challenge.opened request produces a %d-byte value (key %d bytes, %d headers)%n",
          size, records.get(0).key().length(), records.get(0).headers().toArray().length);
      return size;
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private Result closedLoop(
      String name, Supplier<Mono<Integer>> request, int eventsPerRequest, Duration duration)
      throws InterruptedException {
    Histogram latencies = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(1), 3);
    LongAdder ok = new LongAdder();
    LongAdder failed = new LongAdder();
    CountDownLatch done = new CountDownLatch(CLIENTS);
    long cpuBefore = processCpuNanos();
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    for (int i = 0; i < CLIENTS; i++) {
      sendInLoop(request, latencies, ok, failed, end, done);
    }
    if (!done.await(duration.toSeconds() + 120, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + ": clients did not finish");
    }
    long elapsed = System.nanoTime() - start;
    Result result =
        new Result(
            name,
            "closed, " + CLIENTS + " clients",
            0,
            eventsPerRequest,
            ok.sum(),
            failed.sum(),
            elapsed,
            processCpuNanos() - cpuBefore,
            openConnections(),
            latencies);
    System.out.println(result);
    return result;
  }

  private static void sendInLoop(
      Supplier<Mono<Integer>> request,
      Histogram latencies,
      LongAdder ok,
      LongAdder failed,
      long end,
      CountDownLatch done) {
    long sent = System.nanoTime();
    request
        .get()
        .subscribe(
            status -> {
              latencies.recordValue((System.nanoTime() - sent) / 1000);
              (status >= 200 && status < 300 ? ok : failed).increment();
              next(request, latencies, ok, failed, end, done);
            },
            error -> {
              failed.increment();
              next(request, latencies, ok, failed, end, done);
            });
  }

  private static void next(
      Supplier<Mono<Integer>> request,
      Histogram latencies,
      LongAdder ok,
      LongAdder failed,
      long end,
      CountDownLatch done) {
    if (System.nanoTime() < end) {
      sendInLoop(request, latencies, ok, failed, end, done);
    } else {
      done.countDown();
    }
  }

  private Result openLoop(
      String name,
      Supplier<Mono<Integer>> request,
      int eventsPerRequest,
      double ratePerSecond,
      Duration duration)
      throws InterruptedException {
    Histogram latencies = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(1), 3);
    LongAdder ok = new LongAdder();
    LongAdder failed = new LongAdder();
    int total = (int) Math.round(ratePerSecond * duration.toSeconds());
    CountDownLatch done = new CountDownLatch(total);
    double interval = 1e9 / ratePerSecond;
    long cpuBefore = processCpuNanos();
    long start = System.nanoTime();
    for (int i = 0; i < total; i++) {
      long scheduled = start + (long) (i * interval);
      long now;
      while ((now = System.nanoTime()) < scheduled) {
        LockSupport.parkNanos(scheduled - now);
      }
      request
          .get()
          .subscribe(
              status -> {
                latencies.recordValue((System.nanoTime() - scheduled) / 1000);
                (status >= 200 && status < 300 ? ok : failed).increment();
                done.countDown();
              },
              error -> {
                latencies.recordValue((System.nanoTime() - scheduled) / 1000);
                failed.increment();
                done.countDown();
              });
    }
    if (!done.await(180, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + ": requests did not finish");
    }
    long elapsed = System.nanoTime() - start;
    Result result =
        new Result(
            name,
            String.format(Locale.ROOT, "open, %.0f req/s offered", ratePerSecond),
            ratePerSecond,
            eventsPerRequest,
            ok.sum(),
            failed.sum(),
            elapsed,
            processCpuNanos() - cpuBefore,
            openConnections(),
            latencies);
    System.out.println(result + (held(result) || eventsPerRequest > 1 ? "" : "  (not held)"));
    return result;
  }

  /**
   * The measurements of one scenario.
   *
   * @param offeredPerSecond the open loop's offered rate; 0 for a closed loop
   * @param connections client connections open at the end
   */
  record Result(
      String name,
      String load,
      double offeredPerSecond,
      int eventsPerRequest,
      long ok,
      long failed,
      long elapsedNanos,
      long cpuNanos,
      long connections,
      Histogram latencies) {

    /** Requests answered 2xx per second, from the first send to the last answer. */
    double requestsPerSecond() {
      return ok / (elapsedNanos / 1e9);
    }

    double eventsPerSecond() {
      return requestsPerSecond() * eventsPerRequest;
    }

    double percentileMillis(double percentile) {
      return latencies.getValueAtPercentile(percentile) / 1000.0;
    }

    /** The whole process's CPU milliseconds per request. */
    double cpuMillisPerRequest() {
      return ok + failed == 0 ? 0 : (cpuNanos / 1e6) / (ok + failed);
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%-50s %-26s %9.0f req/s %10.0f events/s  p50 %7.2f ms  p99 %7.2f ms  p99.9 %7.2f ms"
              + "  CPU %.3f ms/req  errors %d  connections %d",
          name,
          load,
          requestsPerSecond(),
          eventsPerSecond(),
          percentileMillis(50),
          percentileMillis(99),
          percentileMillis(99.9),
          cpuMillisPerRequest(),
          failed,
          connections);
    }
  }

  /**
   * An open-loop rate ramp.
   *
   * @param steps every step, in the order run
   * @param held the highest-rate step that held, or null when the first did not
   * @param failed the lowest-rate step that did not hold, or null when every step held
   */
  record Ramp(String name, List<Result> steps, Result held, Result failed) {}

  private static final class Results {
    private final List<Result> all = new ArrayList<>();

    Result add(Result result) {
      all.add(result);
      return result;
    }
  }

  static String machine() {
    String cpu = "unknown CPU";
    try {
      cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(l -> l.startsWith("model name"))
              .map(l -> l.substring(l.indexOf(':') + 1).trim())
              .findFirst()
              .orElse(cpu);
    } catch (IOException e) {
      // not Linux: leave the CPU model unknown
    }
    String load = "load average unknown";
    try {
      String[] averages = Files.readString(Path.of("/proc/loadavg")).split(" ");
      load = "load average " + averages[0] + " (1 min), " + averages[1] + " (5 min) at the end";
    } catch (IOException e) {
      // not Linux
    }
    return String.format(
        Locale.ROOT,
        "%s, %d cores (availableProcessors), %s %s, Java %s; %s",
        cpu,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        System.getProperty("java.version"),
        load);
  }

  static String today() {
    return LocalDate.now(ZoneOffset.UTC).toString();
  }
}

package io.learnpulse.localstack.capacity;

import io.learnpulse.localstack.LocalStack;
import io.learnpulse.localstack.LocalStackOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole-system capacity run and soak (issue 13, ADR 24): starts the system as the local stack
 * does but with every service JVM on full tiered compilation (C2), runs simulated learners in open
 * loop in ascending rate steps (or a fixed count for a soak), and prints per step the offered and
 * accepted rate, errors, latency per endpoint, checkpoint → commit-ready and → bridge delivery, lag
 * per consumer group and CPU and memory per process as Markdown, with a verdict. Not part of {@code
 * verify}: {@code ./mvnw -pl local-stack -am -Pcapacity verify -DskipTests} (local-stack README).
 */
public final class CapacityRun {

  private static final Logger log = LoggerFactory.getLogger(CapacityRun.class);

  /** A soak samples live heaps every this many steps (minutes, as the soak is run). */
  private static final int HEAP_EVERY = 5;

  private static final int HEAP_GROWTH_CLASSES = 6;

  private CapacityRun() {}

  /** Runs the capacity run or soak the {@code capacity.*} system properties describe. */
  public static void main(String[] args) throws Exception {
    Map<String, String> properties = new HashMap<>();
    System.getProperties().forEach((k, v) -> properties.put(k.toString(), v.toString()));
    CapacitySettings settings = CapacitySettings.from(properties);
    Path services =
        Path.of(properties.getOrDefault("capacity.services", "local-stack/target/services"));
    deleteRecursively(settings.dataDir());
    LocalStackOptions options =
        LocalStackOptions.parse(
            "--data-dir",
            settings.dataDir().toString(),
            "--services",
            services.toString(),
            "--port-offset",
            Integer.toString(settings.portOffset()),
            "--c2");
    String report;
    LocalStack stack = new LocalStack(options);
    // Ctrl-C (or kill) stops the service JVMs and PostgreSQL too, not only this JVM
    Thread stopper = new Thread(stack::close, "capacity-stop");
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      report = run(settings, stack.start());
    } finally {
      stack.close();
    }
    Files.createDirectories(settings.report().getParent());
    Files.writeString(settings.report(), report, StandardCharsets.UTF_8);
    System.out.println(report);
    log.info("Report written to {}", settings.report());
    System.exit(0);
  }

  private static String run(CapacitySettings settings, LocalStack stack) throws Exception {
    Map.Entry<String, List<String>> topic = LocalStack.demoTopic();
    Instant started = Instant.now();
    double loadBefore = loadAverage();
    List<StepResult> results = new ArrayList<>();
    CapacityReport.SoakVerdict soak = null;
    String heapGrowth = "";
    try (ClusterMonitor monitor =
            new ClusterMonitor(
                stack.servicePids(),
                stack.kafkaBootstrap(),
                stack.postgresConnection(),
                settings.dataDir());
        LoadGenerator load =
            new LoadGenerator(
                settings,
                stack.lmsSyncUrl(),
                stack.demoDescriptors(),
                topic.getKey(),
                topic.getValue())) {
      int running = settings.steps().get(0);
      log.info("Warm-up: {} learners for {}", running, settings.warmup());
      load.addLearners(running);
      pause(settings.warmup());
      load.swapWindow();
      monitor.swap();
      // a soak samples each service's live heap (after a full GC) at its start, every
      // HEAP_EVERY steps and at its end: the verdict looks at the second half
      // (with each service's class histogram: the report names what grew from the middle sample
      // to the end, the half the verdict judges)
      List<ClusterMonitor.HeapSample> heap = new ArrayList<>();
      if (settings.isSoak()) {
        heap.add(monitor.heapSample());
      }
      monitor.resetWholeRun();
      for (int learners : settings.steps()) {
        if (learners > running) {
          load.addLearners(learners - running);
          running = learners;
        }
        long start = System.nanoTime();
        pause(settings.stepDuration());
        LoadGenerator.Window window = load.swapWindow();
        ClusterMonitor.Measured measured = monitor.swap();
        StepResult step =
            result(learners, (System.nanoTime() - start) / 1e9, window, measured, settings);
        results.add(step);
        System.out.println(CapacityReport.stepTable(List.of(step), settings.p99LimitMillis()));
        if (settings.isSoak()
            && results.size() % HEAP_EVERY == 0
            && results.size() < settings.steps().size()) {
          heap.add(monitor.heapSample());
          log.info(
              "Live heap after full GC (MB) after {} steps: {}",
              results.size(),
              heap.get(heap.size() - 1).liveHeapMb());
        }
      }
      load.stop();
      Instant drainUntil = Instant.now().plus(settings.timeout()).plusSeconds(5);
      while (load.inFlight() > 0 && Instant.now().isBefore(drainUntil)) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
      }
      if (settings.isSoak()) {
        Map<String, List<LagTrend.Sample>> lag = monitor.wholeRun();
        Map<String, Double> growth = new LinkedHashMap<>();
        lag.forEach((group, samples) -> growth.put(group, LagTrend.growth(samples)));
        heap.add(monitor.heapSample());
        soak =
            new CapacityReport.SoakVerdict(
                load.inFlightByEndpoint(),
                results.stream().mapToLong(StepResult::errorCount).sum(),
                heap.stream().map(ClusterMonitor.HeapSample::liveHeapMb).toList(),
                growth,
                lag.values().stream().allMatch(s -> LagTrend.flat(s, settings.lagTolerance())));
        heapGrowth =
            CapacityReport.heapGrowth(
                heap.get((heap.size() - 1) / 2).classes(),
                heap.get(heap.size() - 1).classes(),
                HEAP_GROWTH_CLASSES);
      }
    }
    return markdown(settings, results, soak, started, loadBefore)
        + (heapGrowth.isEmpty()
            ? ""
            : String.format(
                "%nLive heap growth by class in the soak's second half (jcmd GC.class_histogram,"
                    + " middle sample → end):%n%n%s",
                heapGrowth));
  }

  private static StepResult result(
      int learners,
      double seconds,
      LoadGenerator.Window window,
      ClusterMonitor.Measured measured,
      CapacitySettings settings) {
    Map<String, Long> errors = new LinkedHashMap<>();
    window.errors.forEach((k, v) -> errors.put(k, v.sum()));
    Map<String, LatencyRecorder.Percentiles> endpoints = new LinkedHashMap<>();
    window.latency.forEach((k, v) -> endpoints.put(k, v.percentiles()));
    Map<String, Long> lagEnd = new LinkedHashMap<>();
    Map<String, Double> lagGrowth = new LinkedHashMap<>();
    boolean flat = true;
    for (var entry : measured.lag().entrySet()) {
      List<LagTrend.Sample> samples = entry.getValue();
      lagEnd.put(entry.getKey(), samples.isEmpty() ? 0 : samples.get(samples.size() - 1).lag());
      lagGrowth.put(entry.getKey(), LagTrend.growth(samples));
      flat &= LagTrend.flat(samples, settings.lagTolerance());
    }
    return new StepResult(
        learners,
        seconds,
        window.planned.sum() / seconds,
        window.accepted.sum() / seconds,
        errors,
        endpoints,
        window.commitReady.percentiles(),
        window.delivery.percentiles(),
        window.missingCommits.sum(),
        lagEnd,
        lagGrowth,
        flat,
        measured.cpuPercent(),
        measured.rssMb());
  }

  private static String markdown(
      CapacitySettings settings,
      List<StepResult> results,
      CapacityReport.SoakVerdict soak,
      Instant started,
      double loadBefore) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "%s started %s on %d cores (availableProcessors), %s %s, Java %s; load average"
                + " (1 min) %.2f before, %.2f after.%n%n",
            settings.isSoak() ? "Soak" : "Capacity run",
            started,
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("os.name"),
            System.getProperty("os.version"),
            System.getProperty("java.version"),
            loadBefore,
            loadAverage()));
    out.append(
        String.format(
            "Settings: steps %s learners, %s per step after a %s warm-up, new learners launched over"
                + " %s, heartbeat every %s ± %s, a player event every %s on average, suspend after"
                + " %s on average and resume %s later, every %d-th learner (at most %d) holds the"
                + " bridge's commit stream, request timeout %s, lag tolerance %d records.%n%n",
            settings.steps(),
            settings.stepDuration(),
            settings.warmup(),
            settings.ramp(),
            settings.heartbeatEvery(),
            settings.heartbeatJitter(),
            settings.eventEvery(),
            settings.sessionMean(),
            settings.resumeAfter(),
            settings.probeEvery(),
            settings.maxProbes(),
            settings.timeout(),
            settings.lagTolerance()));
    out.append(CapacityReport.stepTable(results, settings.p99LimitMillis())).append('\n');
    out.append(CapacityReport.resourceTable(results)).append('\n');
    out.append(
        soak != null
            ? CapacityReport.soakVerdict(soak)
            : CapacityReport.capacityVerdict(results, settings.p99LimitMillis()));
    return out.toString();
  }

  private static void pause(Duration duration) {
    long end = System.nanoTime() + duration.toNanos();
    for (long left = duration.toNanos(); left > 0; left = end - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  private static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}

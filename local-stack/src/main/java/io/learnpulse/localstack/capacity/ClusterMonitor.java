package io.learnpulse.localstack.capacity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the system does while the load runs: consumer lag per group (Kafka's AdminClient: log end
 * offset minus committed offset, summed over the group's partitions) and lms-sync's outbox backlog
 * (rows not yet relayed to Kafka, reported as the pseudo-group {@value #OUTBOX}) every five
 * seconds, CPU and resident memory per process from {@code /proc}, and on request each service's
 * heap after a full GC and its live bytes by class ({@code jcmd GC.class_histogram}, then {@code
 * jstat -gc}).
 */
final class ClusterMonitor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ClusterMonitor.class);
  static final String HARNESS = "harness (broker, registry, issuer, load generator)";
  static final String POSTGRES = "postgresql";

  /**
   * The outbox backlog's row in the lag column: launches' session events, revocations and every
   * SCORM commit's audit event reach Kafka only through lms-sync's outbox relay, so a relay that
   * falls behind delays scoring, ingest's revocations and xAPI although no consumer lags.
   */
  static final String OUTBOX = "lms-sync-outbox (rows)";

  private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

  private final Map<String, Long> servicePids;
  private final Path dataDir;
  private final Admin admin;
  private final List<String> postgres;
  private final long originNanos = System.nanoTime();
  private final ScheduledExecutorService sampler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "capacity-monitor");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, List<LagTrend.Sample>> window = new ConcurrentHashMap<>();
  private final Map<String, List<LagTrend.Sample>> whole = new ConcurrentHashMap<>();
  private Map<String, ProcessSample> windowStart;
  private long windowStartNanos;

  /**
   * Watches the services, the broker at {@code bootstrap} and lms-sync's database ({@code
   * postgres}: JDBC URL, user, password).
   */
  ClusterMonitor(
      Map<String, Long> servicePids, String bootstrap, List<String> postgres, Path dataDir) {
    this.servicePids = servicePids;
    this.postgres = postgres;
    this.dataDir = dataDir;
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    this.windowStart = processes();
    this.windowStartNanos = System.nanoTime();
    sampler.scheduleWithFixedDelay(this::sampleLag, 0, 5, TimeUnit.SECONDS);
  }

  /**
   * What one window measured.
   *
   * @param lag lag samples per group
   * @param cpuPercent CPU per process, % of one core
   * @param rssMb resident memory per process at the end
   */
  record Measured(
      Map<String, List<LagTrend.Sample>> lag,
      Map<String, Double> cpuPercent,
      Map<String, Long> rssMb) {}

  /** Ends the current window and starts the next. */
  synchronized Measured swap() {
    sampleLag();
    Map<String, ProcessSample> now = processes();
    double seconds = (System.nanoTime() - windowStartNanos) / 1e9;
    Map<String, Double> cpu = new LinkedHashMap<>();
    Map<String, Long> rss = new LinkedHashMap<>();
    now.forEach(
        (name, sample) -> {
          ProcessSample before = windowStart.getOrDefault(name, ProcessSample.NONE);
          cpu.put(name, (sample.cpuTicks() - before.cpuTicks()) / TICKS_PER_SECOND / seconds * 100);
          rss.put(name, sample.rssKb() / 1024);
        });
    Map<String, List<LagTrend.Sample>> lag = new HashMap<>();
    synchronized (window) {
      window.forEach((group, samples) -> lag.put(group, List.copyOf(samples)));
      window.clear();
    }
    windowStart = now;
    windowStartNanos = System.nanoTime();
    return new Measured(lag, cpu, rss);
  }

  /** Lag samples per group since the monitor started. */
  Map<String, List<LagTrend.Sample>> wholeRun() {
    Map<String, List<LagTrend.Sample>> copy = new HashMap<>();
    synchronized (window) {
      whole.forEach((group, samples) -> copy.put(group, List.copyOf(samples)));
    }
    return copy;
  }

  /** Forgets the lag samples so far (after the warm-up). */
  void resetWholeRun() {
    synchronized (window) {
      whole.clear();
    }
  }

  /**
   * One heap sample of every service.
   *
   * @param liveHeapMb each service's heap in MB right after a full GC (live data)
   * @param classes each service's live bytes by class
   */
  record HeapSample(Map<String, Long> liveHeapMb, Map<String, Map<String, Long>> classes) {}

  /**
   * Each service's live heap: {@code jcmd GC.class_histogram} (which runs a full GC first) for the
   * bytes by class, then {@code jstat -gc} for the heap used right after that GC.
   */
  HeapSample heapSample() {
    Map<String, Long> heap = new LinkedHashMap<>();
    Map<String, Map<String, Long>> classes = new LinkedHashMap<>();
    Path bin = Path.of(System.getProperty("java.home"), "bin");
    servicePids.forEach(
        (name, pid) -> {
          try {
            classes.put(
                name,
                classHistogram(
                    run(bin.resolve("jcmd").toString(), Long.toString(pid), "GC.class_histogram")));
            String[] lines =
                run(bin.resolve("jstat").toString(), "-gc", Long.toString(pid)).trim().split("\n");
            heap.put(name, Math.round(heapUsedKb(lines[0], lines[lines.length - 1]) / 1024));
          } catch (IOException | RuntimeException e) {
            log.warn("Could not read {}'s heap: {}", name, e.toString());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    return new HeapSample(heap, classes);
  }

  /** Bytes by class name from {@code GC.class_histogram}'s lines ("1: instances bytes class"). */
  static Map<String, Long> classHistogram(String output) {
    Map<String, Long> bytes = new LinkedHashMap<>();
    Matcher row = HISTOGRAM_ROW.matcher(output);
    while (row.find()) {
      bytes.merge(row.group(2), Long.parseLong(row.group(1)), Long::sum);
    }
    return bytes;
  }

  private static final Pattern HISTOGRAM_ROW =
      Pattern.compile("(?m)^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)");

  /** Used heap in KB from {@code jstat -gc}'s header and value lines (survivors, eden, old). */
  static double heapUsedKb(String header, String values) {
    List<String> names = Arrays.asList(header.trim().split("\\s+"));
    String[] numbers = values.trim().split("\\s+");
    double used = 0;
    for (String column : List.of("S0U", "S1U", "EU", "OU")) {
      int i = names.indexOf(column);
      if (i >= 0) {
        used += Double.parseDouble(numbers[i]);
      }
    }
    return used;
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }

  private Map<String, ProcessSample> processes() {
    Map<String, ProcessSample> samples = new LinkedHashMap<>();
    servicePids.forEach((name, pid) -> samples.put(name, ProcessSample.read(pid)));
    ProcessSample postgres = ProcessSample.NONE;
    // pg_ctl detaches the postmaster: find it by its data directory, then add its backends
    String pgData = dataDir.resolve("postgres").toString();
    List<ProcessHandle> postmasters =
        ProcessHandle.allProcesses()
            .filter(
                p ->
                    p.info()
                        .arguments()
                        .map(a -> String.join(" ", a).contains(pgData))
                        .orElse(false))
            .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false))
            .toList();
    for (ProcessHandle postmaster : postmasters) {
      postgres = postgres.plus(ProcessSample.readWithReapedChildren(postmaster.pid()));
      for (ProcessHandle backend : postmaster.descendants().toList()) {
        postgres = postgres.plus(ProcessSample.read(backend.pid()));
      }
    }
    samples.put(POSTGRES, postgres);
    samples.put(HARNESS, ProcessSample.read(ProcessHandle.current().pid()));
    return samples;
  }

  private void sampleLag() {
    try {
      double seconds = (System.nanoTime() - originNanos) / 1e9;
      for (GroupListing group :
          admin.listGroups(ListGroupsOptions.forConsumerGroups()).all().get(10, TimeUnit.SECONDS)) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin
                .listConsumerGroupOffsets(group.groupId())
                .partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        var ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
        long lag = 0;
        for (var entry : committed.entrySet()) {
          if (entry.getValue() != null && ends.containsKey(entry.getKey())) {
            lag += Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset());
          }
        }
        record(group.groupId(), new LagTrend.Sample(seconds, lag));
      }
      record(OUTBOX, new LagTrend.Sample(seconds, outboxBacklog()));
    } catch (Exception e) {
      log.warn("Lag sample failed: {}", e.toString());
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void record(String group, LagTrend.Sample sample) {
    synchronized (window) {
      window.computeIfAbsent(group, g -> new ArrayList<>()).add(sample);
      whole.computeIfAbsent(group, g -> new ArrayList<>()).add(sample);
    }
  }

  /** Outbox rows not yet published (the partial index {@code kafka_outbox_pending} answers). */
  private long outboxBacklog() throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(postgres.get(0), postgres.get(1), postgres.get(2));
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "select count(*) from kafka_outbox where published_at is null")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  @Override
  public void close() {
    sampler.shutdownNow();
    admin.close();
  }
}

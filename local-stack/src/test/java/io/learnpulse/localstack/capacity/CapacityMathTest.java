package io.learnpulse.localstack.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.learnpulse.localstack.capacity.LatencyRecorder.Percentiles;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The capacity run's pure parts: percentiles, the open-loop schedule, matching commits to
 * checkpoints, lag flatness, /proc parsing and the settings.
 */
class CapacityMathTest {

  @Test
  void percentilesAreNearestRankOnTheSamples() {
    LatencyRecorder recorder = new LatencyRecorder();
    // 1..1000 ms in shuffled order, recorded in microseconds
    List<Long> values = new ArrayList<>(LongStream.rangeClosed(1, 1000).boxed().toList());
    java.util.Collections.shuffle(values, new java.util.Random(7));
    values.forEach(v -> recorder.record(v * 1000));

    Percentiles p = recorder.percentiles();

    assertThat(p.count()).isEqualTo(1000);
    assertThat(p.p50()).isEqualTo(500.0);
    assertThat(p.p99()).isEqualTo(990.0);
    assertThat(p.max()).isEqualTo(1000.0);
  }

  @Test
  void oneSlowRequestInAHundredIsTheP99AndNegativeLatenciesCountAsZero() {
    LatencyRecorder recorder = new LatencyRecorder();
    for (int i = 0; i < 99; i++) {
      recorder.record(2_000);
    }
    recorder.record(3_000_000);
    assertThat(recorder.percentiles().p99()).isEqualTo(2.0);
    recorder.record(3_000_000);
    assertThat(recorder.percentiles().p99()).isEqualTo(3000.0);

    LatencyRecorder clockSkew = new LatencyRecorder();
    clockSkew.record(-5);
    assertThat(clockSkew.percentiles().max()).isZero();
    assertThat(new LatencyRecorder().percentiles()).isEqualTo(Percentiles.NONE);
  }

  @Test
  void heartbeatsKeepTheirIntervalWithinTheJitterAndEventsAverageTheirMean() {
    OpenLoopSchedule schedule =
        new OpenLoopSchedule(
            Duration.ofSeconds(30),
            Duration.ofSeconds(5),
            Duration.ofSeconds(147),
            Duration.ofMinutes(10));
    SplittableRandom random = new SplittableRandom(1);
    double heartbeatSum = 0;
    double eventSum = 0;
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      long heartbeat = schedule.nextHeartbeat(random);
      assertThat(heartbeat).isBetween(25_000_000_000L, 35_000_000_000L);
      assertThat(schedule.firstHeartbeat(random)).isBetween(1L, 30_000_000_000L);
      heartbeatSum += heartbeat;
      eventSum += schedule.nextEvent(random);
    }
    assertThat(heartbeatSum / n / 1e9).isCloseTo(30, within(0.1));
    assertThat(eventSum / n / 1e9).isCloseTo(147, within(3.0));
    // 250,000 learners: the design's 8,333 heartbeats/s plus 1,700 events/s
    assertThat(schedule.steadyRate(250_000)).isCloseTo(8_333 + 1_700, within(10.0));
  }

  @Test
  void launchesSpreadEvenlyOverTheRampAndSessionsNeverEndWithoutAMean() {
    Duration ramp = Duration.ofSeconds(30);
    assertThat(OpenLoopSchedule.launchOffsetNanos(0, 300, ramp)).isZero();
    assertThat(OpenLoopSchedule.launchOffsetNanos(150, 300, ramp)).isEqualTo(15_000_000_000L);
    assertThat(OpenLoopSchedule.launchOffsetNanos(299, 300, ramp)).isLessThan(ramp.toNanos());

    OpenLoopSchedule endless =
        new OpenLoopSchedule(
            Duration.ofSeconds(30), Duration.ZERO, Duration.ofSeconds(10), Duration.ZERO);
    assertThat(endless.sessionLength(new SplittableRandom(1))).isEqualTo(-1);
    assertThat(endless.nextHeartbeat(new SplittableRandom(1))).isEqualTo(30_000_000_000L);
  }

  @Test
  void aCommitMakesItsCheckpointAndEveryEarlierOneReady() {
    Instant t0 = Instant.parse("2026-12-02T06:00:00Z");
    PendingCheckpoints pending = new PendingCheckpoints();
    pending.accepted(new Progress("a", 0, 0), t0);
    pending.accepted(new Progress("a", 1, 0), t0.plusMillis(10));
    pending.accepted(new Progress("a", 1, 1), t0.plusMillis(20));

    assertThat(pending.committed(new Progress("b", 0, 0))).isEmpty();
    assertThat(pending.committed(new Progress("a", 1, 0)))
        .extracting(PendingCheckpoints.Pending::acceptedAt)
        .containsExactly(t0, t0.plusMillis(10));
    assertThat(pending.size()).isEqualTo(1);
    assertThat(pending.expire(t0.plusMillis(21))).isEqualTo(1);
    assertThat(pending.size()).isZero();
  }

  @Test
  void progressIsReadFromVersionOneSuspendData() {
    assertThat(Progress.fromSuspendData("1|sql-injection|sqli-order-by|2|0-1|"))
        .isEqualTo(new Progress("sqli-order-by", 2, 2));
    assertThat(Progress.fromSuspendData("1|t|c||0,2-4|answer-1"))
        .isEqualTo(new Progress("c", 0, 4));
    assertThat(Progress.fromSuspendData("1|t||||")).isNull();
    assertThat(Progress.fromSuspendData("legacy")).isNull();
    assertThat(Progress.fromSuspendData(null)).isNull();
  }

  @Test
  void everyBookmarkMovingActionOfTheScriptLeadsToADistinctProgressWithinAPass() {
    CheckpointScript script =
        new CheckpointScript(
            List.of("sqli-login-bypass", "sqli-parameterized-query", "sqli-order-by", "x"));
    List<Progress> moves = new ArrayList<>();
    for (int i = 0; i < script.length(); i++) {
      if (script.at(i).after() != null) {
        moves.add(script.at(i).after());
      }
    }
    // opened + steps 1.. + hints per challenge: (1+1+2) + (1+1+1) + (1+2+2) + (1+1+1)
    assertThat(moves).hasSize(15).doesNotHaveDuplicates();
    assertThat(script.at(script.length())).isEqualTo(script.at(0));
    assertThat(script.at(script.length() - 1).outcome()).isEqualTo("pending_review");
  }

  @Test
  void lagIsFlatWhenItDoesNotClimbOverTheStep() {
    List<LagTrend.Sample> sawTooth = new ArrayList<>();
    List<LagTrend.Sample> climbing = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      sawTooth.add(new LagTrend.Sample(i * 5, i % 2 == 0 ? 400 : 40));
      climbing.add(new LagTrend.Sample(i * 5, 2_000L + i * 500));
    }
    assertThat(LagTrend.flat(sawTooth, 1000)).isTrue();
    assertThat(LagTrend.growth(climbing)).isCloseTo(23 * 500, within(1.0));
    assertThat(LagTrend.flat(climbing, 1000)).isFalse();
    assertThat(LagTrend.flat(List.of(), 1000)).isTrue();
  }

  @Test
  void procFilesGiveCpuTicksAndResidentMemory() {
    String stat =
        "4242 (java (main)) S 1 4242 4242 0 -1 4194560 120 0 0 0 1500 250 0 0 20 0 40 0 99 1 2";
    assertThat(ProcessSample.cpuTicks(stat)).isEqualTo(1750);
    String postmaster =
        "77 (postgres) S 1 77 77 0 -1 4194560 120 0 0 0 300 100 4000 2000 20 0 1 0 99 1 2";
    assertThat(ProcessSample.reapedChildrenTicks(postmaster)).isEqualTo(6000);
    assertThat(ProcessSample.reapedChildrenTicks(stat)).isZero();
    assertThat(ProcessSample.rssKb("Name:\tjava\nVmPeak:\t 9 kB\nVmRSS:\t  524288 kB\n"))
        .isEqualTo(524288);
    assertThat(ProcessSample.rssKb("Name:\tzombie\n")).isZero();
    assertThat(
            ClusterMonitor.heapUsedKb(
                " S0C    S1C    S0U    S1U      EC       EU        OC         OU",
                "512.0  512.0    0.0  100.0   4096.0   1000.0    8192.0     2000.0"))
        .isEqualTo(3100.0);
  }

  @Test
  void aStepHoldsOnlyWithoutErrorsWithinTheP99AndWithFlatLag() {
    Percentiles fast = new Percentiles(100, 5, 50, 80);
    StepResult good = step(500, Map.of(), fast, 0, true);
    StepResult errors = step(1000, Map.of("heartbeat 503", 3L), fast, 0, true);
    StepResult slow = step(1000, Map.of(), new Percentiles(100, 300, 1200, 2000), 0, true);
    StepResult lagging = step(1000, Map.of(), fast, 0, false);
    StepResult missing = step(1000, Map.of(), fast, 2, true);

    assertThat(good.holds(1000)).isTrue();
    assertThat(List.of(errors, slow, lagging, missing)).noneMatch(s -> s.holds(1000));
    assertThat(
            CapacityReport.highestHolding(
                List.of(good, slow, step(2000, Map.of(), fast, 0, true)), 1000))
        .isEqualTo(500);

    String table = CapacityReport.stepTable(List.of(good, errors), 1000);
    assertThat(table.lines().toList()).hasSize(4);
    assertThat(table)
        .contains("| 500 | 10 | 9 | 0 |")
        .contains("heartbeat 503: 3")
        .contains("**no**");
    assertThat(CapacityReport.resourceTable(List.of(good))).contains("| 500 | 150 / 300 | 150 |");
  }

  @Test
  void theSoakFailsOnAnUnansweredRequestOrAHeapStillGrowingInItsSecondHalf() {
    // a cache filling in the first minutes, then flat: passes
    List<Map<String, Long>> cacheFilling = heaps(84, 120, 140, 146, 148);
    // growing all the way (2 MB a minute): a leak
    List<Map<String, Long>> leaking = heaps(84, 100, 116, 132, 148);
    var passed = new CapacityReport.SoakVerdict(Map.of(), 0, cacheFilling, Map.of(), true);
    var unanswered =
        new CapacityReport.SoakVerdict(Map.of("heartbeat", 1L), 0, cacheFilling, Map.of(), true);
    var leak = new CapacityReport.SoakVerdict(Map.of(), 0, leaking, Map.of(), true);
    assertThat(passed.passed()).isTrue();
    assertThat(CapacityReport.soakVerdict(passed))
        .contains("PASSED")
        .contains("ingest 84 → 120 → 140 → 146 → 148");
    assertThat(unanswered.passed()).isFalse();
    assertThat(CapacityReport.soakVerdict(unanswered))
        .contains("unanswered requests 1 (heartbeat 1)");
    assertThat(leak.heapFlat()).isFalse();
    assertThat(CapacityReport.soakVerdict(leak)).contains("FAILED").contains("**growing**");
  }

  @Test
  void classHistogramsNameWhatAGrowingHeapHolds() {
    String histogram =
        """
        12345:
         num     #instances         #bytes  class name (module)
        -------------------------------------------------------
           1:         52017        9251344  [B (java.base@17.0.15)
           2:         40210         965040  java.lang.String (java.base@17.0.15)
           3:            12            480  io.learnpulse.ingest.auth.RevokedSessions$Entry
        Total        92239       10216864
        """;
    Map<String, Long> middle = ClusterMonitor.classHistogram(histogram);
    assertThat(middle)
        .containsEntry("[B", 9_251_344L)
        .containsEntry("java.lang.String", 965_040L)
        .hasSize(3);
    Map<String, Long> end =
        Map.of(
            "[B", 9_251_344L,
            "java.lang.String", 3_965_040L,
            "io.learnpulse.ingest.auth.RevokedSessions$Entry", 2_000_480L);
    assertThat(
            CapacityReport.heapGrowth(
                Map.of("ingest-service", middle), Map.of("ingest-service", end), 2))
        .isEqualTo(
            "- ingest-service: +5.0 MB in all; most: java.lang.String +3.0 MB,"
                + " io.learnpulse.ingest.auth.RevokedSessions$Entry +2.0 MB%n".formatted());
  }

  private static List<Map<String, Long>> heaps(long... ingestMb) {
    return Arrays.stream(ingestMb).mapToObj(mb -> Map.of("ingest", mb)).toList();
  }

  @Test
  void aSoakRepeatsOneLearnerCountAndBadStepsAreRefused() {
    CapacitySettings soak =
        CapacitySettings.from(
            Map.of(
                "capacity.steps", "3000,9000",
                "capacity.soak", "PT5M",
                "capacity.step-duration", "PT1M"));
    assertThat(soak.steps()).containsExactly(3000, 3000, 3000, 3000, 3000);
    assertThat(soak.isSoak()).isTrue();
    CapacitySettings run = CapacitySettings.from(Map.of("capacity.soak", ""));
    assertThat(run.isSoak()).isFalse();
    assertThat(run.eventEvery()).isEqualTo(Duration.ofSeconds(147));
    assertThatThrownBy(() -> CapacitySettings.from(Map.of("capacity.steps", "2000,1000")))
        .hasMessageContaining("must not decrease");
  }

  private static StepResult step(
      int learners, Map<String, Long> errors, Percentiles latency, long missing, boolean flat) {
    return new StepResult(
        learners,
        60,
        10,
        9,
        errors,
        Map.of("heartbeat", latency, "event", latency),
        latency,
        latency,
        missing,
        Map.of("scoring", 12L),
        Map.of("scoring", 3.0),
        flat,
        Map.of("ingest-service", 150.0),
        Map.of("ingest-service", 300L));
  }
}

package io.learnpulse.localstack.capacity;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What a capacity run or soak does, from {@code capacity.*} system properties (all optional).
 *
 * @param steps total simulated learners in each rate step, ascending (a soak: one count repeated)
 * @param stepDuration how long each step lasts (a soak: how often it reports)
 * @param warmup how long the first step's learners run before anything is measured (C2 compiles)
 * @param ramp a step's new learners launch evenly over this time at the start of the step
 * @param heartbeatEvery a learner's heartbeat interval (the player's: 30 s)
 * @param heartbeatJitter each heartbeat moves by up to ± this
 * @param eventEvery mean time between a learner's player events (exponential)
 * @param sessionMean mean time until a learner suspends (exponential); zero = never
 * @param resumeAfter a suspended learner launches again (entry resume) after this
 * @param probeEvery every n-th learner also holds the bridge's commit stream and is timed to
 *     commits
 * @param maxProbes at most this many commit streams (lms-sync's per-replica default is 2000)
 * @param timeout a request without a response by then is a timeout error
 * @param soak a soak of this length at {@code steps.get(0)} learners, or null for a capacity run
 * @param p99LimitMillis the end-to-end p99 a step must hold
 * @param lagTolerance records a group's lag may grow by over a step and still be flat
 * @param dataDir the stack's data directory (wiped before the run)
 * @param portOffset moves every port of the stack (so it runs beside a developer's local stack)
 * @param report where the Markdown report is written
 */
record CapacitySettings(
    List<Integer> steps,
    Duration stepDuration,
    Duration warmup,
    Duration ramp,
    Duration heartbeatEvery,
    Duration heartbeatJitter,
    Duration eventEvery,
    Duration sessionMean,
    Duration resumeAfter,
    int probeEvery,
    int maxProbes,
    Duration timeout,
    Duration soak,
    double p99LimitMillis,
    long lagTolerance,
    Path dataDir,
    int portOffset,
    Path report) {

  /**
   * Mean time between one learner's player events at the design's load: 250,000 learners send about
   * 1,700 activity events/s besides their heartbeats (docs/design.md), one per 147 s each.
   */
  static final Duration DESIGN_EVENT_EVERY = Duration.ofSeconds(147);

  CapacitySettings {
    steps = List.copyOf(steps);
    if (steps.isEmpty() || steps.stream().anyMatch(n -> n < 1)) {
      throw new IllegalArgumentException("capacity.steps needs learner counts >= 1");
    }
    for (int i = 1; i < steps.size(); i++) {
      if (steps.get(i) < steps.get(i - 1)) {
        throw new IllegalArgumentException("capacity.steps must not decrease: " + steps);
      }
    }
    if (probeEvery < 1) {
      throw new IllegalArgumentException("capacity.probe-every must be >= 1");
    }
  }

  /** Reads the settings from {@code properties} ({@code capacity.*} keys). */
  static CapacitySettings from(Map<String, String> properties) {
    Duration stepDuration = duration(properties, "capacity.step-duration", "PT2M");
    String soakText = properties.getOrDefault("capacity.soak", "");
    Duration soak = soakText.isBlank() ? null : Duration.parse(soakText);
    List<Integer> steps =
        Arrays.stream(properties.getOrDefault("capacity.steps", "500,1000,2000").split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .map(Integer::valueOf)
            .toList();
    if (soak != null) {
      long reports = Math.max(1, soak.toMillis() / stepDuration.toMillis());
      steps = new ArrayList<>(Collections.nCopies((int) reports, steps.get(0)));
    }
    return new CapacitySettings(
        steps,
        stepDuration,
        duration(properties, "capacity.warmup", "PT60S"),
        duration(properties, "capacity.ramp", "PT30S"),
        duration(properties, "capacity.heartbeat-every", "PT30S"),
        duration(properties, "capacity.heartbeat-jitter", "PT5S"),
        duration(properties, "capacity.event-every", DESIGN_EVENT_EVERY.toString()),
        duration(properties, "capacity.session-mean", "PT10M"),
        duration(properties, "capacity.resume-after", "PT30S"),
        Integer.parseInt(properties.getOrDefault("capacity.probe-every", "10")),
        Integer.parseInt(properties.getOrDefault("capacity.max-probes", "1500")),
        duration(properties, "capacity.timeout", "PT10S"),
        soak,
        Double.parseDouble(properties.getOrDefault("capacity.p99-limit-ms", "1000")),
        Long.parseLong(properties.getOrDefault("capacity.lag-tolerance", "1000")),
        Path.of(properties.getOrDefault("capacity.data-dir", "target/capacity-data"))
            .toAbsolutePath(),
        Integer.parseInt(properties.getOrDefault("capacity.port-offset", "7000")),
        Path.of(properties.getOrDefault("capacity.report", "target/capacity-report.md"))
            .toAbsolutePath());
  }

  boolean isSoak() {
    return soak != null;
  }

  private static Duration duration(Map<String, String> properties, String key, String fallback) {
    String value = properties.getOrDefault(key, "");
    return Duration.parse(value.isBlank() ? fallback : value);
  }
}

package io.learnpulse.localstack.capacity;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The Markdown tables of a capacity run or soak, and their verdicts. */
final class CapacityReport {

  static final List<String> ENDPOINTS = List.of("launch", "heartbeat", "event", "end", "ack");

  /**
   * The soak's end-of-run checks.
   *
   * @param unanswered by endpoint, requests with neither a response nor a timeout error when the
   *     run ended (its requests' timeout and 5 s after the last was planned)
   * @param errors errors of the whole soak
   * @param liveHeapMbFirst each service's heap after a full GC when the soak started
   * @param liveHeapMbLast the same at the end
   * @param lagGrowth each group's lag growth over the whole soak
   * @param lagFlat every group's lag flat over the whole soak
   */
  record SoakVerdict(
      Map<String, Long> unanswered,
      long errors,
      List<Map<String, Long>> liveHeapMb,
      Map<String, Double> lagGrowth,
      boolean lagFlat) {

    /**
     * A heap is flat when its second half did not grow: the last sample (live heap after a full GC)
     * is at most the middle one plus 10% or 16 MB, whichever is more. Bounded caches (verified
     * tokens, revoked sessions, the producer's buffer pool) fill during the first minutes and then
     * stay; a leak keeps growing through the second half.
     */
    boolean heapFlat() {
      if (liveHeapMb.size() < 2) {
        return true;
      }
      Map<String, Long> middle = liveHeapMb.get((liveHeapMb.size() - 1) / 2);
      Map<String, Long> last = liveHeapMb.get(liveHeapMb.size() - 1);
      return middle.entrySet().stream()
          .allMatch(
              e ->
                  last.getOrDefault(e.getKey(), 0L)
                      <= e.getValue() + Math.max(16, e.getValue() / 10));
    }

    boolean passed() {
      return unanswered.isEmpty() && errors == 0 && heapFlat() && lagFlat;
    }
  }

  private CapacityReport() {}

  /** The highest learner count of the steps that hold, counting only up to the first that fails. */
  static int highestHolding(List<StepResult> steps, double p99LimitMillis) {
    int highest = 0;
    for (StepResult step : steps) {
      if (!step.holds(p99LimitMillis)) {
        break;
      }
      highest = step.learners();
    }
    return highest;
  }

  /** The per-step latency, errors and lag table. */
  static String stepTable(List<StepResult> steps, double p99LimitMillis) {
    StringBuilder out = new StringBuilder();
    out.append("| learners | offered req/s | accepted req/s | errors |");
    ENDPOINTS.forEach(e -> out.append(' ').append(e).append(" p50 / p99 / max ms |"));
    out.append(
        " checkpoint 202 → commit ready p50 / p99 / max ms (n) | → bridge delivery p50 / p99 / max"
            + " ms | commits missing | lag at end (growth) | holds |\n");
    out.append("|---:|---:|---:|---|");
    ENDPOINTS.forEach(e -> out.append("---:|"));
    out.append("---:|---:|---:|---|---|\n");
    for (StepResult s : steps) {
      out.append(
          String.format(
              "| %d | %.0f | %.0f | %s |",
              s.learners(),
              s.offered(),
              s.accepted(),
              s.errors().isEmpty() ? "0" : errors(s.errors())));
      for (String endpoint : ENDPOINTS) {
        out.append(' ')
            .append(s.endpoints().getOrDefault(endpoint, LatencyRecorder.Percentiles.NONE).cell())
            .append(" |");
      }
      out.append(
          String.format(
              " %s (%d) | %s | %d | %s | %s |%n",
              s.commitReady().cell(),
              s.commitReady().count(),
              s.delivery().cell(),
              s.missingCommits(),
              lag(s),
              s.holds(p99LimitMillis) ? "yes" : "**no**"));
    }
    return out.toString();
  }

  /** CPU (% of one core) and resident memory per process, per step. */
  static String resourceTable(List<StepResult> steps) {
    TreeSet<String> processes = new TreeSet<>();
    steps.forEach(s -> processes.addAll(s.cpuPercent().keySet()));
    StringBuilder out = new StringBuilder("| learners |");
    processes.forEach(p -> out.append(' ').append(p).append(" CPU % / RSS MB |"));
    out.append(" total CPU % |\n|---:|");
    processes.forEach(p -> out.append("---:|"));
    out.append("---:|\n");
    for (StepResult s : steps) {
      out.append("| ").append(s.learners()).append(" |");
      for (String p : processes) {
        out.append(
            String.format(
                " %.0f / %d |",
                s.cpuPercent().getOrDefault(p, 0.0), s.rssMb().getOrDefault(p, 0L)));
      }
      out.append(
          String.format(" %.0f |%n", s.cpuPercent().values().stream().mapToDouble(d -> d).sum()));
    }
    return out.toString();
  }

  /** The verdict lines of a capacity run. */
  static String capacityVerdict(List<StepResult> steps, double p99LimitMillis) {
    int highest = highestHolding(steps, p99LimitMillis);
    return highest == 0
        ? String.format(
            "Verdict: no step held p99 ≤ %.0f ms with zero errors and flat lag.%n", p99LimitMillis)
        : String.format(
            "Verdict: the highest learner count holding p99 ≤ %.0f ms (every request and checkpoint"
                + " → commit ready), zero errors and flat lag: **%d**.%n",
            p99LimitMillis, highest);
  }

  /**
   * Per service, the {@code top} classes whose live bytes grew most from {@code from} to {@code to}
   * (class histograms), as Markdown list lines; services with no histogram in both are left out.
   */
  static String heapGrowth(
      Map<String, Map<String, Long>> from, Map<String, Map<String, Long>> to, int top) {
    StringBuilder out = new StringBuilder();
    from.keySet().stream()
        .sorted()
        .filter(to::containsKey)
        .forEach(
            service -> {
              Map<String, Long> before = from.get(service);
              Map<String, Long> after = to.get(service);
              long total =
                  after.values().stream().mapToLong(Long::longValue).sum()
                      - before.values().stream().mapToLong(Long::longValue).sum();
              String largest =
                  after.entrySet().stream()
                      .map(
                          e ->
                              Map.entry(
                                  e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                      .filter(e -> e.getValue() > 0)
                      .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                      .limit(top)
                      .map(e -> String.format("%s %+.1f MB", e.getKey(), e.getValue() / 1e6))
                      .collect(Collectors.joining(", "));
              out.append(
                  String.format(
                      "- %s: %+.1f MB in all; most: %s%n",
                      service, total / 1e6, largest.isEmpty() ? "none grew" : largest));
            });
    return out.toString();
  }

  /** The verdict lines of a soak. */
  static String soakVerdict(SoakVerdict v) {
    Map<String, Long> first = v.liveHeapMb().isEmpty() ? Map.of() : v.liveHeapMb().get(0);
    return String.format(
        "Soak verdict: **%s** — unanswered requests %s, errors %d, live heap after full GC (MB)"
            + " over the soak %s (%s in its second half), lag growth over the soak %s (%s).%n",
        v.passed() ? "PASSED" : "FAILED",
        v.unanswered().isEmpty()
            ? "0"
            : v.unanswered().values().stream().mapToLong(Long::longValue).sum()
                + " ("
                + v.unanswered().entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", "))
                + ")",
        v.errors(),
        first.keySet().stream()
            .sorted()
            .map(
                k ->
                    k
                        + " "
                        + v.liveHeapMb().stream()
                            .map(sample -> String.valueOf(sample.getOrDefault(k, 0L)))
                            .collect(Collectors.joining(" → ")))
            .collect(Collectors.joining(", ")),
        v.heapFlat() ? "flat" : "**growing**",
        v.lagGrowth().entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(e -> e.getKey() + " " + String.format("%+.0f", e.getValue()))
            .collect(Collectors.joining(", ")),
        v.lagFlat() ? "flat" : "**growing**");
  }

  private static String errors(Map<String, Long> errors) {
    return errors.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + ": " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static String lag(StepResult s) {
    if (s.lagEnd().isEmpty()) {
      return "—";
    }
    return s.lagEnd().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(
            e ->
                e.getKey()
                    + " "
                    + e.getValue()
                    + String.format(" (%+.0f)", s.lagGrowth().getOrDefault(e.getKey(), 0.0)))
        .collect(Collectors.joining("<br>"));
  }
}

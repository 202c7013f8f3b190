package io.learnpulse.localstack.capacity;

import io.learnpulse.localstack.capacity.LatencyRecorder.Percentiles;
import java.util.Map;

/**
 * What one rate step measured.
 *
 * @param learners simulated learners running in the step
 * @param seconds the step's length
 * @param offered requests per second planned (open loop: whatever the system does)
 * @param accepted requests per second answered with the expected status
 * @param errors errors by {@code "endpoint status"} ({@code timeout}, {@code io} for no response)
 * @param endpoints latency per endpoint from the planned send time
 * @param commitReady checkpoint 202 → the commit's {@code createdAt} in lms-sync
 * @param delivery checkpoint 202 → the commit received on the bridge's stream
 * @param missingCommits checkpoints accepted with no commit seen within the request timeout + 10 s
 * @param lagEnd each consumer group's lag at the end of the step
 * @param lagGrowth each group's lag growth over the step (least squares)
 * @param lagFlat every group's lag flat ({@link LagTrend})
 * @param cpuPercent CPU per process as % of one core
 * @param rssMb resident memory per process at the end of the step
 */
record StepResult(
    int learners,
    double seconds,
    double offered,
    double accepted,
    Map<String, Long> errors,
    Map<String, Percentiles> endpoints,
    Percentiles commitReady,
    Percentiles delivery,
    long missingCommits,
    Map<String, Long> lagEnd,
    Map<String, Double> lagGrowth,
    boolean lagFlat,
    Map<String, Double> cpuPercent,
    Map<String, Long> rssMb) {

  /** Errors of every kind. */
  long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * The step holds the target: no error, every request's p99 and the checkpoint → commit-ready p99
   * within the limit, commits seen for the probes' checkpoints and none missing, lag flat.
   */
  boolean holds(double p99LimitMillis) {
    return errorCount() == 0
        && endpoints.values().stream().allMatch(p -> p.p99() <= p99LimitMillis)
        && commitReady.count() > 0
        && commitReady.p99() <= p99LimitMillis
        && missingCommits == 0
        && lagFlat;
  }
}

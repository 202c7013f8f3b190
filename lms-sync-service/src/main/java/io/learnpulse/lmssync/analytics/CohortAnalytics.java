package io.learnpulse.lmssync.analytics;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An assignment's cohort in numbers (ADR 0028). Every registration (attempt) of the assignment
 * counts; "completed" and "passed" are the registration's current status, dated by the status's
 * update time.
 *
 * @param totals the cohort now
 * @param overTime cumulative counts and rates at the end of each bucket of the window
 * @param scoreDistribution registrations with a score by score decile (0–9, …, 90–100)
 * @param challenges one row per challenge of the assignment's current policy, in policy order
 */
public record CohortAnalytics(
    String tenantId,
    String assignmentId,
    int policyVersion,
    Instant asOf,
    String bucket,
    Instant from,
    Instant to,
    Totals totals,
    List<Point> overTime,
    List<ScoreBucket> scoreDistribution,
    List<ChallengeRow> challenges) {

  /** Copies the lists. */
  public CohortAnalytics {
    overTime = List.copyOf(overTime);
    scoreDistribution = List.copyOf(scoreDistribution);
    challenges = List.copyOf(challenges);
  }

  /** The cohort now. */
  public record Totals(
      long registrations,
      long learners,
      long completed,
      long passed,
      long failed,
      BigDecimal averageScore) {}

  /**
   * At {@code at} (a bucket's end): registrations started by then, completed and passed by then,
   * and the rates (0..1, null with no registration).
   */
  public record Point(
      Instant at,
      long registrations,
      long completed,
      long passed,
      Double completionRate,
      Double passRate) {}

  /** Registrations whose score is within {@code [from, to]}. */
  public record ScoreBucket(int from, int to, long count) {}

  /**
   * Where the cohort struggles with one challenge.
   *
   * @param opened registrations that opened it
   * @param resolved registrations that resolved it
   * @param firstTry registrations that resolved it with no hint and no incorrect answer
   * @param firstTryRate {@code firstTry / opened} (null when nobody opened it)
   * @param hints hints revealed, all registrations together
   * @param averageHints per registration that opened it
   * @param incorrectAttempts incorrect answers, all registrations together
   * @param averageIncorrectAttempts per registration that opened it
   * @param timedRegistrations registrations with active time on it (heartbeats in the challenge)
   * @param medianActiveSeconds median active time on it of those registrations
   * @param averageActiveSeconds mean active time on it of those registrations
   */
  public record ChallengeRow(
      String topicId,
      String challengeId,
      long opened,
      long resolved,
      long firstTry,
      Double firstTryRate,
      long hints,
      Double averageHints,
      long incorrectAttempts,
      Double averageIncorrectAttempts,
      long timedRegistrations,
      Double medianActiveSeconds,
      Double averageActiveSeconds) {}
}

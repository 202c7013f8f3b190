package io.learnpulse.lmssync.analytics;

import io.learnpulse.lmssync.analytics.CohortAnalytics.ChallengeRow;
import io.learnpulse.lmssync.analytics.CohortAnalytics.Point;
import io.learnpulse.lmssync.analytics.CohortAnalytics.ScoreBucket;
import io.learnpulse.lmssync.analytics.CohortAnalytics.Totals;
import io.learnpulse.lmssync.assignment.Assignment;
import io.learnpulse.lmssync.assignment.AssignmentService;
import io.learnpulse.lmssync.assignment.CompletionPolicy;
import io.learnpulse.lmssync.error.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Computes {@link CohortAnalytics} with aggregate queries in PostgreSQL over the assignment's
 * registrations (one range of {@code registrations_assignment}): nothing per learner leaves the
 * database, and every list in the answer is bounded (buckets by {@link Window#MAX_BUCKETS}, score
 * deciles by 10, challenge rows by the policy's challenges).
 */
@Service
class CohortAnalyticsService {

  private final JdbcClient jdbc;
  private final AssignmentService assignments;
  private final Clock clock;

  CohortAnalyticsService(JdbcClient jdbc, AssignmentService assignments, Clock clock) {
    this.jdbc = jdbc;
    this.assignments = assignments;
    this.clock = clock;
  }

  /**
   * The assignment's cohort analytics.
   *
   * @throws NotFoundException when the tenant has no such assignment
   */
  @Transactional(readOnly = true)
  CohortAnalytics analytics(String tenantId, String assignmentId, Window window) {
    Assignment assignment =
        assignments
            .find(assignmentId)
            .filter(a -> a.tenantId().equals(tenantId))
            .orElseThrow(() -> new NotFoundException("unknown assignment " + assignmentId));
    return new CohortAnalytics(
        tenantId,
        assignmentId,
        assignment.version(),
        clock.instant(),
        window.unit(),
        window.first(),
        window.end(),
        totals(tenantId, assignmentId),
        overTime(tenantId, assignmentId, window),
        scores(tenantId, assignmentId),
        challenges(tenantId, assignmentId, assignment.policy()));
  }

  private Totals totals(String tenantId, String assignmentId) {
    return jdbc.sql(
            """
            select count(*) as registrations, count(distinct learner_id) as learners,
              count(*) filter (where completion_status = 'COMPLETED') as completed,
              count(*) filter (where success_status = 'PASSED') as passed,
              count(*) filter (where success_status = 'FAILED') as failed,
              round(avg(raw_score), 2) as average_score
            from registrations where tenant_id = :tenant and assignment_id = :assignment
            """)
        .param("tenant", tenantId)
        .param("assignment", assignmentId)
        .query(
            (rs, n) ->
                new Totals(
                    rs.getLong("registrations"),
                    rs.getLong("learners"),
                    rs.getLong("completed"),
                    rs.getLong("passed"),
                    rs.getLong("failed"),
                    rs.getBigDecimal("average_score")))
        .single();
  }

  /**
   * One pass over the registrations: each counts in the bucket it started, completed and passed in
   * (earlier ones in the first bucket), and running sums over the buckets make the series
   * cumulative.
   */
  private List<Point> overTime(String tenantId, String assignmentId, Window window) {
    return jdbc.sql(
            """
            with buckets as (
              select g as at from generate_series(cast(:first as timestamptz),
                cast(:last as timestamptz), cast(:step as interval)) g
            ), r as (
              select greatest(date_trunc(:unit, created_at, 'UTC'), :first) as started,
                case when completion_status = 'COMPLETED' then greatest(date_trunc(:unit,
                  coalesce(status_updated_at, created_at), 'UTC'), :first) end as completed,
                case when success_status = 'PASSED' then greatest(date_trunc(:unit,
                  coalesce(status_updated_at, created_at), 'UTC'), :first) end as passed
              from registrations
              where tenant_id = :tenant and assignment_id = :assignment and created_at < :end
            ), started as (select started as at, count(*) as n from r group by 1
            ), completed as (select completed as at, count(*) as n from r
                where completed is not null group by 1
            ), passed as (select passed as at, count(*) as n from r
                where passed is not null group by 1)
            select b.at,
              sum(coalesce(s.n, 0)) over w as registrations,
              sum(coalesce(c.n, 0)) over w as completed,
              sum(coalesce(p.n, 0)) over w as passed
            from buckets b
              left join started s on s.at = b.at
              left join completed c on c.at = b.at
              left join passed p on p.at = b.at
            window w as (order by b.at)
            order by b.at
            """)
        .param("first", window.first().atOffset(ZoneOffset.UTC))
        .param("last", window.last().atOffset(ZoneOffset.UTC))
        .param("end", window.end().atOffset(ZoneOffset.UTC))
        .param("step", window.unit().equals("hour") ? "1 hour" : "1 day")
        .param("unit", window.unit())
        .param("tenant", tenantId)
        .param("assignment", assignmentId)
        .query(
            (rs, n) -> {
              long registrations = rs.getLong("registrations");
              long completed = rs.getLong("completed");
              long passed = rs.getLong("passed");
              return new Point(
                  rs.getObject("at", OffsetDateTime.class).toInstant().plus(window.step()),
                  registrations,
                  completed,
                  passed,
                  rate(completed, registrations),
                  rate(passed, registrations));
            })
        .list();
  }

  private List<ScoreBucket> scores(String tenantId, String assignmentId) {
    Map<Integer, Long> counts = new HashMap<>();
    jdbc.sql(
            """
            select least(width_bucket(raw_score, 0, 100, 10), 10) as decile, count(*) as n
            from registrations
            where tenant_id = :tenant and assignment_id = :assignment and raw_score is not null
            group by 1
            """)
        .param("tenant", tenantId)
        .param("assignment", assignmentId)
        .query((rs, n) -> Map.entry(rs.getInt("decile"), rs.getLong("n")))
        .list()
        .forEach(e -> counts.put(e.getKey(), e.getValue()));
    List<ScoreBucket> buckets = new ArrayList<>(10);
    for (int decile = 1; decile <= 10; decile++) {
      int from = (decile - 1) * 10;
      buckets.add(
          new ScoreBucket(from, decile == 10 ? 100 : from + 9, counts.getOrDefault(decile, 0L)));
    }
    return buckets;
  }

  /** What scoring's breakdown says per challenge, and the time on it from heartbeats. */
  private List<ChallengeRow> challenges(
      String tenantId, String assignmentId, CompletionPolicy policy) {
    record Counts(long opened, long resolved, long firstTry, long hints, long incorrect) {}
    record Time(long registrations, Double median, Double average) {}
    Map<String, Counts> counts = new HashMap<>();
    jdbc.sql(
            """
            select r.topic_id, c ->> 'challengeId' as challenge_id,
              count(*) filter (where (c ->> 'opened')::boolean) as opened,
              count(*) filter (where (c ->> 'resolved')::boolean) as resolved,
              count(*) filter (where (c ->> 'correctOnFirstTry')::boolean) as first_try,
              coalesce(sum((c ->> 'hints')::bigint), 0) as hints,
              coalesce(sum((c ->> 'incorrectAttempts')::bigint), 0) as incorrect
            from registrations r cross join lateral jsonb_array_elements(r.challenges) c
            where r.tenant_id = :tenant and r.assignment_id = :assignment
            group by 1, 2
            """)
        .param("tenant", tenantId)
        .param("assignment", assignmentId)
        .query(
            (rs, n) ->
                Map.entry(
                    key(rs),
                    new Counts(
                        rs.getLong("opened"),
                        rs.getLong("resolved"),
                        rs.getLong("first_try"),
                        rs.getLong("hints"),
                        rs.getLong("incorrect"))))
        .list()
        .forEach(e -> counts.put(e.getKey(), e.getValue()));
    Map<String, Time> times = new HashMap<>();
    jdbc.sql(
            """
            select r.topic_id, t.challenge_id, count(*) as registrations,
              cast(percentile_cont(0.5) within group (order by t.active_millis) / 1000.0 as float8)
                as median,
              cast(avg(t.active_millis) / 1000.0 as float8) as average
            from registration_challenge_time t join registrations r on r.id = t.registration_id
            where r.tenant_id = :tenant and r.assignment_id = :assignment
            group by 1, 2
            """)
        .param("tenant", tenantId)
        .param("assignment", assignmentId)
        .query(
            (rs, n) ->
                Map.entry(
                    key(rs),
                    new Time(
                        rs.getLong("registrations"),
                        rs.getObject("median", Double.class),
                        rs.getObject("average", Double.class))))
        .list()
        .forEach(e -> times.put(e.getKey(), e.getValue()));
    List<ChallengeRow> rows = new ArrayList<>();
    for (CompletionPolicy.Topic topic : policy.topics()) {
      for (String challenge : topic.challengeIds()) {
        String key = topic.topicId() + "\n" + challenge;
        Counts c = counts.getOrDefault(key, new Counts(0, 0, 0, 0, 0));
        Time t = times.getOrDefault(key, new Time(0, null, null));
        rows.add(
            new ChallengeRow(
                topic.topicId(),
                challenge,
                c.opened(),
                c.resolved(),
                c.firstTry(),
                rate(c.firstTry(), c.opened()),
                c.hints(),
                rate(c.hints(), c.opened()),
                c.incorrect(),
                rate(c.incorrect(), c.opened()),
                t.registrations(),
                t.median(),
                t.average()));
      }
    }
    return rows;
  }

  private static String key(ResultSet rs) throws SQLException {
    return rs.getString("topic_id") + "\n" + rs.getString("challenge_id");
  }

  private static Double rate(long part, long whole) {
    return whole == 0 ? null : Math.round(part * 10_000.0 / whole) / 10_000.0;
  }
}

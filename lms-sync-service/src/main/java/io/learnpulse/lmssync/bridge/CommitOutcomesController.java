package io.learnpulse.lmssync.bridge;

import io.learnpulse.lmssync.error.InvalidValueException;
import io.learnpulse.lmssync.error.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/admin/tenants/{tenantId}/commits/outcomes}: how the tenant's LMS answered the
 * commits of the last {@code hours} (default 24): counts per acknowledgement outcome ({@code ok},
 * {@code lms_error}, {@code read_back_mismatch}, and {@code pending} for commits not acknowledged
 * yet) and the most frequent LMS errors by code and element. Per tenant, from PostgreSQL — the
 * service's Prometheus counters are all tenants together and stay on the management port.
 */
@RestController
class CommitOutcomesController {

  private static final int MOST_ERRORS = 20;

  private final JdbcClient jdbc;
  private final Clock clock;

  CommitOutcomesController(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** One LMS error seen on the tenant's commits. */
  record LmsError(String code, String element, long count) {}

  /** The tenant's commit outcomes since {@code since}. */
  record Outcomes(
      String tenantId, Instant since, Map<String, Long> outcomes, List<LmsError> lmsErrors) {}

  @GetMapping("/v1/admin/tenants/{tenantId}/commits/outcomes")
  Outcomes outcomes(
      @PathVariable String tenantId, @RequestParam(name = "hours", defaultValue = "24") int hours) {
    if (hours < 1 || hours > 24 * 31) {
      throw new InvalidValueException("hours", "must be within 1..744");
    }
    boolean known =
        jdbc.sql("select exists (select 1 from tenants where id = :tenant)")
            .param("tenant", tenantId)
            .query(Boolean.class)
            .single();
    if (!known) {
      throw new NotFoundException("unknown tenant " + tenantId);
    }
    Instant since = clock.instant().minus(Duration.ofHours(hours));
    OffsetDateTime from = OffsetDateTime.ofInstant(since, ZoneOffset.UTC);
    Map<String, Long> outcomes = new LinkedHashMap<>();
    for (String outcome : List.of("ok", "lms_error", "read_back_mismatch", "pending")) {
      outcomes.put(outcome, 0L);
    }
    jdbc.sql(
            """
            select coalesce(c.ack_outcome, 'pending') as outcome, count(*) as n
              from commits c join registrations r on r.id = c.registration_id
             where r.tenant_id = :tenant and c.created_at >= :since
             group by 1
            """)
        .param("tenant", tenantId)
        .param("since", from)
        .query((rs, row) -> Map.entry(rs.getString("outcome"), rs.getLong("n")))
        .list()
        .forEach(e -> outcomes.merge(e.getKey(), e.getValue(), Long::sum));
    List<LmsError> errors =
        jdbc.sql(
                """
                select c.lms_error_code as code, c.lms_error_element as element, count(*) as n
                  from commits c join registrations r on r.id = c.registration_id
                 where r.tenant_id = :tenant and c.created_at >= :since
                   and c.ack_outcome = 'lms_error'
                 group by 1, 2 order by 3 desc, 1, 2 limit :most
                """)
            .param("tenant", tenantId)
            .param("since", from)
            .param("most", MOST_ERRORS)
            .query(
                (rs, row) ->
                    new LmsError(rs.getString("code"), rs.getString("element"), rs.getLong("n")))
            .list();
    return new Outcomes(tenantId, since, outcomes, errors);
  }
}

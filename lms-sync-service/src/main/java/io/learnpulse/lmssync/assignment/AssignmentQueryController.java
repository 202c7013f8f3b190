package io.learnpulse.lmssync.assignment;

import io.learnpulse.lmssync.error.InvalidValueException;
import io.learnpulse.lmssync.error.NotFoundException;
import io.learnpulse.lmssync.scorm.RegressionRule;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reading assignments back (issue 11 item 5): {@code GET /v1/admin/tenants/{t}/assignments}
 * (paged), {@code GET …/assignments/{a}} (current policy, retake rule, cohort) and {@code GET
 * …/assignments/{a}/versions} (every policy version, oldest first).
 */
@RestController
class AssignmentQueryController {

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final AssignmentService assignments;
  private final CohortService cohorts;

  AssignmentQueryController(
      JdbcClient jdbc, JsonMapper json, AssignmentService assignments, CohortService cohorts) {
    this.jdbc = jdbc;
    this.json = json;
    this.assignments = assignments;
    this.cohorts = cohorts;
  }

  /** One assignment in a list. */
  record AssignmentRow(
      String assignmentId,
      int version,
      List<String> topicIds,
      Instant createdAt,
      Instant updatedAt) {}

  /** A page of assignments, newest first. */
  record AssignmentPage(
      String tenantId, int page, int size, long total, List<AssignmentRow> items) {}

  /** An assignment with everything that decides its learners' results. */
  record AssignmentDetail(
      String tenantId,
      String assignmentId,
      int version,
      CompletionPolicy policy,
      RetakeRule retakeRule,
      RegressionRule regressionRule,
      CohortService.Cohort cohort) {}

  /** One stored policy version. */
  record VersionRow(int version, CompletionPolicy policy, Instant createdAt) {}

  @GetMapping("/v1/admin/tenants/{tenantId}/assignments")
  @Transactional(readOnly = true)
  AssignmentPage list(
      @PathVariable String tenantId,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size) {
    checkPage(page, size);
    long total =
        jdbc.sql("select count(*) from assignments where tenant_id = :t")
            .param("t", tenantId)
            .query(Long.class)
            .single();
    List<AssignmentRow> items =
        jdbc.sql(
                """
                select id, version, policy, created_at, updated_at from assignments
                where tenant_id = :t order by created_at desc, id limit :size offset :offset
                """)
            .param("t", tenantId)
            .param("size", size)
            .param("offset", (long) page * size)
            .query(
                (rs, n) ->
                    new AssignmentRow(
                        rs.getString("id"),
                        rs.getInt("version"),
                        json
                            .readValue(rs.getString("policy"), CompletionPolicy.class)
                            .topics()
                            .stream()
                            .map(CompletionPolicy.Topic::topicId)
                            .toList(),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("updated_at", OffsetDateTime.class).toInstant()))
            .list();
    return new AssignmentPage(tenantId, page, size, total, items);
  }

  @GetMapping("/v1/admin/tenants/{tenantId}/assignments/{assignmentId}")
  @Transactional(readOnly = true)
  AssignmentDetail detail(@PathVariable String tenantId, @PathVariable String assignmentId) {
    Assignment assignment = require(tenantId, assignmentId);
    return new AssignmentDetail(
        tenantId,
        assignmentId,
        assignment.version(),
        assignment.policy(),
        assignments.retakeRule(assignmentId),
        assignments.regressionRule(assignmentId),
        cohorts.cohort(tenantId, assignmentId));
  }

  @GetMapping("/v1/admin/tenants/{tenantId}/assignments/{assignmentId}/versions")
  @Transactional(readOnly = true)
  List<VersionRow> versions(@PathVariable String tenantId, @PathVariable String assignmentId) {
    require(tenantId, assignmentId);
    return jdbc.sql(
            """
            select version, policy, created_at from assignment_versions
            where assignment_id = :a order by version
            """)
        .param("a", assignmentId)
        .query(
            (rs, n) ->
                new VersionRow(
                    rs.getInt("version"),
                    json.readValue(rs.getString("policy"), CompletionPolicy.class),
                    rs.getObject("created_at", OffsetDateTime.class).toInstant()))
        .list();
  }

  private Assignment require(String tenantId, String assignmentId) {
    return assignments
        .find(assignmentId)
        .filter(a -> a.tenantId().equals(tenantId))
        .orElseThrow(() -> new NotFoundException("unknown assignment " + assignmentId));
  }

  static void checkPage(int page, int size) {
    if (page < 0) {
      throw new InvalidValueException("page", "must be ≥ 0");
    }
    if (size < 1 || size > 500) {
      throw new InvalidValueException("size", "must be 1..500");
    }
  }
}

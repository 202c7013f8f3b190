package io.learnpulse.lmssync.registration;

import io.learnpulse.lmssync.error.InvalidValueException;
import io.learnpulse.lmssync.error.NotFoundException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Listing registrations and attempts (issue 11 item 5): {@code GET
 * /v1/admin/tenants/{t}/registrations?learnerId=&status=&cohort=&assignmentId=&topicId=&page=&size=}
 * (newest first; {@code status} is NOT_STARTED, INCOMPLETE, COMPLETED, PASSED or FAILED as the
 * SCORM 1.2 lesson status reads; {@code cohort} is a group id of the tenant) and {@code GET
 * …/registrations/{id}/attempts} (every attempt of the same learner, assignment and topic).
 */
@RestController
class RegistrationListController {

  private static final Set<String> STATUSES =
      Set.of("NOT_STARTED", "INCOMPLETE", "COMPLETED", "PASSED", "FAILED");

  private static final String ROW =
      """
      select r.id, r.assignment_id, r.topic_id, r.learner_id, r.learner_name, r.scorm_version,
        r.attempt, r.completion_status, r.success_status, r.lesson_status, r.raw_score,
        r.policy_version, r.created_at
      from registrations r
      """;

  private final JdbcClient jdbc;

  RegistrationListController(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** One registration (one attempt) in a list. */
  record RegistrationRow(
      UUID registrationId,
      String assignmentId,
      String topicId,
      String learnerId,
      String learnerName,
      String scormVersion,
      int attempt,
      String completionStatus,
      String successStatus,
      String lessonStatus,
      BigDecimal rawScore,
      Integer policyVersion,
      Instant createdAt) {}

  /** A page of registrations. */
  record RegistrationPage(
      String tenantId, int page, int size, long total, List<RegistrationRow> items) {}

  @GetMapping("/v1/admin/tenants/{tenantId}/registrations")
  @Transactional(readOnly = true)
  RegistrationPage list(
      @PathVariable String tenantId,
      @RequestParam(required = false) String learnerId,
      @RequestParam(required = false) String status,
      @RequestParam(required = false) String cohort,
      @RequestParam(required = false) String assignmentId,
      @RequestParam(required = false) String topicId,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size) {
    if (page < 0) {
      throw new InvalidValueException("page", "must be ≥ 0");
    }
    if (size < 1 || size > 500) {
      throw new InvalidValueException("size", "must be 1..500");
    }
    if (status != null && !STATUSES.contains(status)) {
      throw new InvalidValueException("status", "must be one of " + STATUSES);
    }
    String where =
        """
        where r.tenant_id = :t
          and (cast(:learner as text) is null or r.learner_id = :learner)
          and (cast(:assignment as text) is null or r.assignment_id = :assignment)
          and (cast(:topic as text) is null or r.topic_id = :topic)
          and (cast(:status as text) is null
            or (cast(:status as text) = 'NOT_STARTED' and r.lesson_status is null)
            or r.lesson_status = :status)
          and (cast(:cohort as text) is null or exists (select 1 from tenant_group_members g
            where g.tenant_id = r.tenant_id and g.group_id = :cohort
              and g.learner_id = r.learner_id))
        """;
    long total =
        params(
                jdbc.sql("select count(*) from registrations r " + where),
                tenantId,
                learnerId,
                assignmentId,
                topicId,
                status,
                cohort)
            .query(Long.class)
            .single();
    List<RegistrationRow> items =
        params(
                jdbc.sql(
                    ROW + where + " order by r.created_at desc, r.id limit :size offset :offset"),
                tenantId,
                learnerId,
                assignmentId,
                topicId,
                status,
                cohort)
            .param("size", size)
            .param("offset", (long) page * size)
            .query(RegistrationListController::row)
            .list();
    return new RegistrationPage(tenantId, page, size, total, items);
  }

  @GetMapping("/v1/admin/tenants/{tenantId}/registrations/{registrationId}/attempts")
  @Transactional(readOnly = true)
  List<RegistrationRow> attempts(@PathVariable String tenantId, @PathVariable UUID registrationId) {
    List<RegistrationRow> rows =
        jdbc.sql(
                ROW
                    + """
                    join registrations me on me.id = :id and me.tenant_id = :t
                      and r.tenant_id = me.tenant_id and r.assignment_id = me.assignment_id
                      and r.topic_id = me.topic_id and r.learner_id = me.learner_id
                    order by r.attempt
                    """)
            .param("id", registrationId)
            .param("t", tenantId)
            .query(RegistrationListController::row)
            .list();
    if (rows.isEmpty()) {
      throw new NotFoundException("unknown registration " + registrationId);
    }
    return rows;
  }

  private static JdbcClient.StatementSpec params(
      JdbcClient.StatementSpec spec,
      String tenantId,
      String learnerId,
      String assignmentId,
      String topicId,
      String status,
      String cohort) {
    return spec.param("t", tenantId)
        .param("learner", learnerId)
        .param("assignment", assignmentId)
        .param("topic", topicId)
        .param("status", status)
        .param("cohort", cohort);
  }

  private static RegistrationRow row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    return new RegistrationRow(
        rs.getObject("id", UUID.class),
        rs.getString("assignment_id"),
        rs.getString("topic_id"),
        rs.getString("learner_id"),
        rs.getString("learner_name"),
        rs.getString("scorm_version"),
        rs.getInt("attempt"),
        rs.getString("completion_status"),
        rs.getString("success_status"),
        rs.getString("lesson_status"),
        rs.getBigDecimal("raw_score"),
        (Integer) rs.getObject("policy_version"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant());
  }
}

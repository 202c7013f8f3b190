package io.learnpulse.lmssync.assignment;

import io.learnpulse.events.v1.AssignmentPolicy;
import io.learnpulse.events.v1.CompletionMode;
import io.learnpulse.events.v1.TopicDefinition;
import io.learnpulse.lmssync.LmsSyncProperties;
import io.learnpulse.lmssync.error.ConflictException;
import io.learnpulse.lmssync.error.NotFoundException;
import io.learnpulse.lmssync.outbox.KafkaOutbox;
import io.learnpulse.lmssync.scorm.RegressionRule;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores assignment policies as numbered versions and publishes each new version as an {@link
 * AssignmentPolicy} through the Kafka outbox, in the same transaction: a stored version is always
 * published and nothing is published that was not stored. Putting a policy equal to the current one
 * changes nothing.
 */
@Service
public class AssignmentService {

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final KafkaOutbox outbox;
  private final String topic;
  private final Clock clock;

  AssignmentService(
      JdbcClient jdbc,
      JsonMapper json,
      KafkaOutbox outbox,
      LmsSyncProperties properties,
      Clock clock) {
    this.jdbc = jdbc;
    this.json = json;
    this.outbox = outbox;
    this.topic = properties.topics().assignment();
    this.clock = clock;
  }

  /**
   * Stores {@code policy} as the assignment's next version unless it equals the current one.
   *
   * @throws NotFoundException when there is no such tenant
   * @throws ConflictException when the assignment id belongs to another tenant
   */
  @Transactional
  public Assignment put(String tenantId, String assignmentId, CompletionPolicy policy) {
    if (jdbc.sql("select 1 from tenants where id = :id for share")
        .param("id", tenantId)
        .query(Integer.class)
        .optional()
        .isEmpty()) {
      throw new NotFoundException("unknown tenant " + tenantId);
    }
    Optional<Assignment> current = findForUpdate(assignmentId);
    if (current.isPresent() && !current.get().tenantId().equals(tenantId)) {
      throw new ConflictException("assignment " + assignmentId + " belongs to another tenant");
    }
    if (current.isPresent() && current.get().policy().equals(policy)) {
      return current.get();
    }
    int version = current.map(c -> c.version() + 1).orElse(1);
    String policyJson = json.writeValueAsString(policy);
    jdbc.sql(
            """
            insert into assignments (id, tenant_id, version, policy)
            values (:id, :tenant, :version, cast(:policy as jsonb))
            on conflict (id) do update set version = excluded.version, policy = excluded.policy,
              updated_at = now()
            """)
        .param("id", assignmentId)
        .param("tenant", tenantId)
        .param("version", version)
        .param("policy", policyJson)
        .update();
    jdbc.sql(
            """
            insert into assignment_versions (assignment_id, version, policy)
            values (:id, :version, cast(:policy as jsonb))
            """)
        .param("id", assignmentId)
        .param("version", version)
        .param("policy", policyJson)
        .update();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    outbox.append(
        topic,
        assignmentId,
        UUID.randomUUID(),
        now,
        event(tenantId, assignmentId, version, policy, now));
    return new Assignment(tenantId, assignmentId, version, policy);
  }

  /** The assignment's current version. */
  @Transactional(readOnly = true)
  public Optional<Assignment> find(String assignmentId) {
    return jdbc.sql("select tenant_id, id, version, policy from assignments where id = :id")
        .param("id", assignmentId)
        .query(
            (rs, n) ->
                new Assignment(
                    rs.getString("tenant_id"),
                    rs.getString("id"),
                    rs.getInt("version"),
                    json.readValue(rs.getString("policy"), CompletionPolicy.class)))
        .optional();
  }

  /**
   * Stores the assignment's retake rule (not a policy version: it changes no score).
   *
   * @throws NotFoundException when the tenant has no such assignment
   */
  @Transactional
  public RetakeRule putRetakeRule(String tenantId, String assignmentId, RetakeRule rule) {
    find(assignmentId)
        .filter(a -> a.tenantId().equals(tenantId))
        .orElseThrow(() -> new NotFoundException("unknown assignment " + assignmentId));
    jdbc.sql(
            """
            insert into assignment_retake_rules (assignment_id, rule, minimum_days)
            values (:id, :rule, :days)
            on conflict (assignment_id) do update set rule = excluded.rule,
              minimum_days = excluded.minimum_days, updated_at = now()
            """)
        .param("id", assignmentId)
        .param("rule", rule.when().name())
        .param("days", rule.minimumDays())
        .update();
    return rule;
  }

  /** The assignment's retake rule, {@link RetakeRule#DEFAULT} when none is stored. */
  @Transactional(readOnly = true)
  public RetakeRule retakeRule(String assignmentId) {
    return jdbc.sql(
            "select rule, minimum_days from assignment_retake_rules where assignment_id = :id")
        .param("id", assignmentId)
        .query(
            (rs, n) ->
                new RetakeRule(
                    RetakeRule.When.valueOf(rs.getString("rule")), rs.getInt("minimum_days")))
        .optional()
        .orElse(RetakeRule.DEFAULT);
  }

  /**
   * Stores what the assignment does when a new status would lower what the LMS holds (ADR 0027);
   * like the retake rule, not a policy version: it changes no score.
   *
   * @throws NotFoundException when the tenant has no such assignment
   */
  @Transactional
  public RegressionRule putRegressionRule(
      String tenantId, String assignmentId, RegressionRule rule) {
    find(assignmentId)
        .filter(a -> a.tenantId().equals(tenantId))
        .orElseThrow(() -> new NotFoundException("unknown assignment " + assignmentId));
    jdbc.sql("update assignments set regression_rule = :rule, updated_at = now() where id = :id")
        .param("rule", rule.name())
        .param("id", assignmentId)
        .update();
    return rule;
  }

  /** The assignment's regression rule ({@link RegressionRule#NEVER_LOWER} unless set). */
  @Transactional(readOnly = true)
  public RegressionRule regressionRule(String assignmentId) {
    return jdbc.sql("select regression_rule from assignments where id = :id")
        .param("id", assignmentId)
        .query(String.class)
        .optional()
        .map(RegressionRule::valueOf)
        .orElse(RegressionRule.NEVER_LOWER);
  }

  private Optional<Assignment> findForUpdate(String assignmentId) {
    return jdbc.sql(
            "select tenant_id, id, version, policy from assignments where id = :id for update")
        .param("id", assignmentId)
        .query(
            (rs, n) ->
                new Assignment(
                    rs.getString("tenant_id"),
                    rs.getString("id"),
                    rs.getInt("version"),
                    json.readValue(rs.getString("policy"), CompletionPolicy.class)))
        .optional();
  }

  private static AssignmentPolicy event(
      String tenantId,
      String assignmentId,
      int version,
      CompletionPolicy policy,
      Instant publishedAt) {
    return AssignmentPolicy.newBuilder()
        .setAssignmentId(assignmentId)
        .setTenantId(tenantId)
        .setVersion(version)
        .setTopics(
            policy.topics().stream()
                .map(
                    t ->
                        TopicDefinition.newBuilder()
                            .setTopicId(t.topicId())
                            .setChallengeIds(t.challengeIds())
                            .build())
                .toList())
        .setCompletionMode(CompletionMode.valueOf(policy.completionMode().name()))
        .setPassingScore(policy.passingScore())
        .setStrictChallengeFloor(policy.strictChallengeFloor())
        .setHintPenalty(policy.hintPenalty())
        .setIncorrectAttemptPenalty(policy.incorrectAttemptPenalty())
        .setMinimumChallengeScore(policy.minimumChallengeScore())
        .setScorm12FailedWhenNotPassed(policy.scorm12FailedWhenNotPassed())
        .setPublishedAt(publishedAt)
        .build();
  }
}

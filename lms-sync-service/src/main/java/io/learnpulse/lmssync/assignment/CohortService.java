package io.learnpulse.lmssync.assignment;

import io.learnpulse.lmssync.error.InvalidValueException;
import io.learnpulse.lmssync.error.NotFoundException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Cohorts on assignments, the tenant's learner groups and the tenant's default assignment per
 * topic, and the rule that picks a learner's assignment for a topic package (ADR 0019):
 *
 * <ol>
 *   <li>an assignment of the tenant that has the topic and names the learner explicitly;
 *   <li>else one that names a group the learner belongs to;
 *   <li>within each rank the most recently created assignment wins (then the smallest id);
 *   <li>else the tenant's default assignment for the topic;
 *   <li>else none.
 * </ol>
 *
 * A registration, once created, keeps its assignment: {@code LaunchService} asks this rule only for
 * a learner without a registration of the topic.
 */
@Service
public class CohortService {

  /** Most members one import takes, so a single request cannot hold a transaction for long. */
  public static final int MAX_MEMBERS = 100_000;

  private final JdbcClient jdbc;
  private final AssignmentService assignments;

  CohortService(JdbcClient jdbc, AssignmentService assignments) {
    this.jdbc = jdbc;
    this.assignments = assignments;
  }

  /**
   * An assignment's cohort.
   *
   * @param learnerIds learners named explicitly, sorted
   * @param groupIds groups of the tenant, sorted
   */
  public record Cohort(List<String> learnerIds, List<String> groupIds) {

    /** Copies the lists. */
    public Cohort {
      learnerIds = List.copyOf(learnerIds);
      groupIds = List.copyOf(groupIds);
    }
  }

  /**
   * Replaces the assignment's cohort.
   *
   * @throws NotFoundException when the tenant has no such assignment
   */
  @Transactional
  public Cohort replaceCohort(String tenantId, String assignmentId, Cohort cohort) {
    requireAssignment(tenantId, assignmentId);
    checkMembers(cohort.learnerIds(), "learnerIds");
    checkMembers(cohort.groupIds(), "groupIds");
    jdbc.sql("delete from assignment_cohort_members where assignment_id = :a")
        .param("a", assignmentId)
        .update();
    insertMembers(assignmentId, "LEARNER", cohort.learnerIds());
    insertMembers(assignmentId, "GROUP", cohort.groupIds());
    return cohort(tenantId, assignmentId);
  }

  /**
   * The assignment's cohort.
   *
   * @throws NotFoundException when the tenant has no such assignment
   */
  @Transactional(readOnly = true)
  public Cohort cohort(String tenantId, String assignmentId) {
    requireAssignment(tenantId, assignmentId);
    return new Cohort(members(assignmentId, "LEARNER"), members(assignmentId, "GROUP"));
  }

  /**
   * Replaces the members of one of the tenant's groups.
   *
   * @return the members now stored, sorted
   */
  @Transactional
  public List<String> replaceGroup(String tenantId, String groupId, List<String> learnerIds) {
    requireTenant(tenantId);
    checkMembers(learnerIds, "learnerIds");
    jdbc.sql("delete from tenant_group_members where tenant_id = :t and group_id = :g")
        .param("t", tenantId)
        .param("g", groupId)
        .update();
    for (String learner : new LinkedHashSet<>(learnerIds)) {
      jdbc.sql(
              "insert into tenant_group_members (tenant_id, group_id, learner_id)"
                  + " values (:t, :g, :l)")
          .param("t", tenantId)
          .param("g", groupId)
          .param("l", learner)
          .update();
    }
    return jdbc.sql(
            "select learner_id from tenant_group_members where tenant_id = :t and group_id = :g"
                + " order by learner_id")
        .param("t", tenantId)
        .param("g", groupId)
        .query(String.class)
        .list();
  }

  /**
   * Sets the tenant's default assignment for a topic.
   *
   * @throws NotFoundException when the tenant has no such assignment
   * @throws InvalidValueException when the assignment does not have the topic
   */
  @Transactional
  public void setDefault(String tenantId, String topicId, String assignmentId) {
    Assignment assignment = requireAssignment(tenantId, assignmentId);
    if (!assignment.policy().hasTopic(topicId)) {
      throw new InvalidValueException(
          "assignmentId", "assignment " + assignmentId + " does not have topic " + topicId);
    }
    jdbc.sql(
            """
            insert into tenant_topic_defaults (tenant_id, topic_id, assignment_id)
            values (:t, :topic, :a)
            on conflict (tenant_id, topic_id) do update
              set assignment_id = excluded.assignment_id, updated_at = now()
            """)
        .param("t", tenantId)
        .param("topic", topicId)
        .param("a", assignmentId)
        .update();
  }

  /** The tenant's default assignment for the topic, if any. */
  @Transactional(readOnly = true)
  public Optional<String> defaultAssignment(String tenantId, String topicId) {
    return jdbc.sql(
            "select assignment_id from tenant_topic_defaults where tenant_id = :t"
                + " and topic_id = :topic")
        .param("t", tenantId)
        .param("topic", topicId)
        .query(String.class)
        .optional();
  }

  /** The learner's assignment for the topic by the rule of the class comment. */
  @Transactional(readOnly = true)
  public Optional<String> resolve(String tenantId, String topicId, String learnerId) {
    Optional<String> byCohort =
        jdbc.sql(
                """
                select id from (
                  select a.id, a.created_at,
                    case
                      when exists (select 1 from assignment_cohort_members m
                        where m.assignment_id = a.id and m.kind = 'LEARNER'
                          and m.member_id = :learner) then 0
                      when exists (select 1 from assignment_cohort_members m
                        join tenant_group_members g
                          on g.tenant_id = a.tenant_id and g.group_id = m.member_id
                        where m.assignment_id = a.id and m.kind = 'GROUP'
                          and g.learner_id = :learner) then 1
                    end as rank
                  from assignments a
                  where a.tenant_id = :tenant
                    and a.policy -> 'topics' @> jsonb_build_array(
                      jsonb_build_object('topicId', cast(:topic as text)))
                ) ranked
                where rank is not null
                order by rank, created_at desc, id
                limit 1
                """)
            .param("tenant", tenantId)
            .param("topic", topicId)
            .param("learner", learnerId)
            .query(String.class)
            .optional();
    return byCohort.or(() -> defaultAssignment(tenantId, topicId));
  }

  /** True when one of the tenant's assignments has the topic. */
  @Transactional(readOnly = true)
  public boolean topicAssigned(String tenantId, String topicId) {
    return jdbc.sql(
                """
            select count(*) from assignments a where a.tenant_id = :tenant
              and a.policy -> 'topics' @> jsonb_build_array(
                jsonb_build_object('topicId', cast(:topic as text)))
            """)
            .param("tenant", tenantId)
            .param("topic", topicId)
            .query(Long.class)
            .single()
        > 0;
  }

  private Assignment requireAssignment(String tenantId, String assignmentId) {
    return assignments
        .find(assignmentId)
        .filter(a -> a.tenantId().equals(tenantId))
        .orElseThrow(() -> new NotFoundException("unknown assignment " + assignmentId));
  }

  private void requireTenant(String tenantId) {
    if (jdbc.sql("select 1 from tenants where id = :id")
        .param("id", tenantId)
        .query(Integer.class)
        .optional()
        .isEmpty()) {
      throw new NotFoundException("unknown tenant " + tenantId);
    }
  }

  private static void checkMembers(List<String> ids, String field) {
    if (ids.size() > MAX_MEMBERS) {
      throw new InvalidValueException(field, "at most " + MAX_MEMBERS + " per import");
    }
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      if (id == null || id.isBlank() || id.length() > 255) {
        throw new InvalidValueException(field + "[" + i + "]", "must be 1..255 characters");
      }
    }
  }

  private void insertMembers(String assignmentId, String kind, List<String> ids) {
    Set<String> distinct = new LinkedHashSet<>(ids);
    for (String id : distinct) {
      jdbc.sql(
              "insert into assignment_cohort_members (assignment_id, kind, member_id)"
                  + " values (:a, :k, :m)")
          .param("a", assignmentId)
          .param("k", kind)
          .param("m", id)
          .update();
    }
  }

  private List<String> members(String assignmentId, String kind) {
    return jdbc.sql(
            "select member_id from assignment_cohort_members where assignment_id = :a"
                + " and kind = :k order by member_id")
        .param("a", assignmentId)
        .param("k", kind)
        .query(String.class)
        .list();
  }
}

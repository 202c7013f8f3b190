package io.learnpulse.lmssync.admin;

import io.learnpulse.events.v1.AssignmentPolicy;
import io.learnpulse.events.v1.CompletionMode;
import io.learnpulse.events.v1.TopicDefinition;
import io.learnpulse.lmssync.LmsSyncProperties;
import io.learnpulse.lmssync.outbox.KafkaOutbox;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;
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

  /** An assignment's current version. */
  public record StoredAssignment(
      String tenantId, String assignmentId, int version, AssignmentPolicyBody policy) {}

  /** Stores {@code body} as the assignment's next version unless it equals the current one. */
  @Transactional
  public StoredAssignment put(String tenantId, String assignmentId, AssignmentPolicyBody body) {
    AssignmentPolicyBody policy = body.withDefaults();
    checkDistinct(policy);
    if (jdbc.sql("select 1 from tenants where id = :id for share")
        .param("id", tenantId)
        .query(Integer.class)
        .optional()
        .isEmpty()) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "unknown tenant " + tenantId);
    }
    Optional<StoredAssignment> current = findForUpdate(assignmentId);
    if (current.isPresent() && !current.get().tenantId().equals(tenantId)) {
      throw new ResponseStatusException(
          HttpStatus.CONFLICT, "assignment " + assignmentId + " belongs to another tenant");
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
    return new StoredAssignment(tenantId, assignmentId, version, policy);
  }

  /** The assignment's current version. */
  @Transactional(readOnly = true)
  public Optional<StoredAssignment> find(String assignmentId) {
    return jdbc.sql("select tenant_id, id, version, policy from assignments where id = :id")
        .param("id", assignmentId)
        .query(
            (rs, n) ->
                new StoredAssignment(
                    rs.getString("tenant_id"),
                    rs.getString("id"),
                    rs.getInt("version"),
                    json.readValue(rs.getString("policy"), AssignmentPolicyBody.class)))
        .optional();
  }

  private Optional<StoredAssignment> findForUpdate(String assignmentId) {
    return jdbc.sql(
            "select tenant_id, id, version, policy from assignments where id = :id for update")
        .param("id", assignmentId)
        .query(
            (rs, n) ->
                new StoredAssignment(
                    rs.getString("tenant_id"),
                    rs.getString("id"),
                    rs.getInt("version"),
                    json.readValue(rs.getString("policy"), AssignmentPolicyBody.class)))
        .optional();
  }

  private static void checkDistinct(AssignmentPolicyBody policy) {
    HashSet<String> topics = new HashSet<>();
    for (AssignmentPolicyBody.TopicBody topic : policy.topics()) {
      if (!topics.add(topic.topicId())) {
        throw new ResponseStatusException(
            HttpStatus.BAD_REQUEST, "topic " + topic.topicId() + " appears twice");
      }
      if (new HashSet<>(topic.challengeIds()).size() != topic.challengeIds().size()) {
        throw new ResponseStatusException(
            HttpStatus.BAD_REQUEST, "topic " + topic.topicId() + " repeats a challenge id");
      }
    }
  }

  private static AssignmentPolicy event(
      String tenantId,
      String assignmentId,
      int version,
      AssignmentPolicyBody policy,
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
        .setCompletionMode(CompletionMode.valueOf(policy.completionMode()))
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

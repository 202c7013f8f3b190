package io.learnpulse.lmssync.analytics;

import io.learnpulse.lmssync.db.SqlArrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Active time per registration and challenge ({@code registration_challenge_time}, ADR 0028): a
 * heartbeat's active time (time since the session's previous heartbeat) goes to the challenge its
 * bookmark is in. Callers own the transaction (the heartbeat's).
 */
@Repository
public class ChallengeTimeStore {

  /** Same ceiling as a registration's stored active time (SCORM 1.2's longest time). */
  static final long MAX_STORED_ACTIVE_MILLIS = 35_999_999_990L;

  private final JdbcClient jdbc;
  private final DataSource dataSource;

  ChallengeTimeStore(JdbcClient jdbc, DataSource dataSource) {
    this.jdbc = jdbc;
    this.dataSource = dataSource;
  }

  /**
   * A registration's challenge, as a player names it.
   *
   * @param registrationId the registration
   * @param topicId the topic of the heartbeat's bookmark
   * @param challengeId the challenge of the heartbeat's bookmark
   */
  public record Challenge(UUID registrationId, String topicId, String challengeId) {}

  /**
   * Adds {@code millis} to the registration's time on the challenge, provided the registration's
   * assignment has that topic and challenge (anything else a player names is not stored, so the
   * table cannot grow beyond the policies' challenges).
   *
   * @return true when stored
   */
  public boolean add(UUID registrationId, String topicId, String challengeId, long millis) {
    if (millis <= 0 || challengeId == null || challengeId.length() > 128) {
      return false;
    }
    return jdbc.sql(
                """
                insert into registration_challenge_time (registration_id, challenge_id, active_millis)
                select r.id, cast(:challenge as text), least(:ms, :max)
                  from registrations r join assignments a on a.id = r.assignment_id
                 where r.id = :reg and r.topic_id = :topic
                   and a.policy -> 'topics' @> jsonb_build_array(jsonb_build_object(
                     'topicId', cast(:topic as text),
                     'challengeIds', jsonb_build_array(cast(:challenge as text))))
                on conflict (registration_id, challenge_id) do update
                  set active_millis = least(
                    registration_challenge_time.active_millis::numeric + excluded.active_millis,
                    :max)::bigint
                """)
            .param("challenge", challengeId)
            .param("ms", millis)
            .param("max", MAX_STORED_ACTIVE_MILLIS)
            .param("reg", registrationId)
            .param("topic", topicId)
            .update()
        == 1;
  }

  /**
   * {@link #add} for many registrations and challenges with one statement (a heartbeat batch's
   * time, summed per challenge): the same rules, row by row.
   *
   * @param millis active time to add per challenge (the keys are distinct, so no row is changed
   *     twice)
   */
  public void addAll(Map<Challenge, Long> millis) {
    List<Map.Entry<Challenge, Long>> stored =
        millis.entrySet().stream()
            .filter(
                e ->
                    e.getValue() > 0
                        && e.getKey().challengeId() != null
                        && e.getKey().challengeId().length() <= 128)
            .toList();
    if (stored.isEmpty()) {
      return;
    }
    int n = stored.size();
    Object[] registrations = new Object[n];
    String[] topics = new String[n];
    String[] challenges = new String[n];
    Long[] ms = new Long[n];
    for (int i = 0; i < n; i++) {
      Challenge challenge = stored.get(i).getKey();
      registrations[i] = challenge.registrationId();
      topics[i] = challenge.topicId();
      challenges[i] = challenge.challengeId();
      ms[i] = stored.get(i).getValue();
    }
    jdbc.sql(
            """
            insert into registration_challenge_time (registration_id, challenge_id, active_millis)
            select r.id, c.challenge, least(c.ms, :max)
              from unnest(:regs, :topics, :challenges, :ms) as c(reg, topic, challenge, ms)
              join registrations r on r.id = c.reg and r.topic_id = c.topic
              join assignments a on a.id = r.assignment_id
             where a.policy -> 'topics' @> jsonb_build_array(jsonb_build_object(
                     'topicId', c.topic, 'challengeIds', jsonb_build_array(c.challenge)))
            on conflict (registration_id, challenge_id) do update
              set active_millis = least(
                registration_challenge_time.active_millis::numeric + excluded.active_millis,
                :max)::bigint
            """)
        .param("regs", SqlArrays.of(dataSource, "uuid", registrations))
        .param("topics", SqlArrays.of(dataSource, "text", topics))
        .param("challenges", SqlArrays.of(dataSource, "text", challenges))
        .param("ms", SqlArrays.of(dataSource, "bigint", ms))
        .param("max", MAX_STORED_ACTIVE_MILLIS)
        .update();
  }
}

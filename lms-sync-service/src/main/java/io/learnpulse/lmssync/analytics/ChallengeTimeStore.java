package io.learnpulse.lmssync.analytics;

import java.util.UUID;
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

  ChallengeTimeStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

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
}

package io.learnpulse.lmssync.bridge;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code commits} table seen from the bridge side: what a stream still has to deliver, delivery
 * counts, acknowledgements and the history an administrator reads. Each call is its own statement
 * (auto-commit): nothing here needs more than one row to change together.
 */
@Repository
class CommitStore {

  private static final TypeReference<Map<String, String>> ELEMENTS = new TypeReference<>() {};

  /** Most commits one query hands a stream; the rest follow in the next round. */
  static final int BATCH = 200;

  private final JdbcClient jdbc;
  private final JsonMapper json;

  CommitStore(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** A commit as the stream sends it. */
  record Commit(
      UUID sessionId,
      long sequence,
      UUID registrationId,
      String scormVersion,
      Integer policyVersion,
      Map<String, String> elements,
      Instant createdAt) {}

  /** One row of a registration's commit history. */
  record HistoryEntry(
      UUID sessionId,
      long sequence,
      Instant createdAt,
      Integer policyVersion,
      String reason,
      Map<String, String> elements,
      int deliveryCount,
      Instant lastDeliveredAt,
      Instant ackedAt,
      String outcome,
      Boolean ok,
      String lmsErrorCode,
      String lmsErrorString,
      String lmsErrorElement,
      Map<String, String> readBack) {}

  /** What the bridge reported for one commit. */
  record Ack(
      boolean ok,
      String outcome,
      String lmsErrorCode,
      String lmsErrorString,
      String lmsErrorElement,
      Map<String, String> readBack) {}

  /** What recording an acknowledgement did. */
  enum AckResult {
    RECORDED,
    ALREADY_ACKNOWLEDGED,
    UNKNOWN_COMMIT
  }

  /**
   * Commits of the session after {@code after}, in sequence order; with {@code withUnacked} also
   * those at or before it that were never acknowledged (redelivery on reconnect).
   */
  List<Commit> pending(UUID sessionId, long after, boolean withUnacked) {
    return jdbc.sql(
            """
            select session_id, sequence, registration_id, scorm_version, policy_version, elements,
              created_at
            from commits
            where session_id = :sid and (sequence > :after or (:unacked and acked_at is null))
            order by sequence limit :batch
            """)
        .param("sid", sessionId)
        .param("after", after)
        .param("unacked", withUnacked)
        .param("batch", BATCH)
        .query(this::commit)
        .list();
  }

  /** Counts a delivery of the commit. */
  void delivered(UUID sessionId, long sequence) {
    jdbc.sql(
            """
            update commits set delivery_count = delivery_count + 1, last_delivered_at = now()
            where session_id = :sid and sequence = :seq
            """)
        .param("sid", sessionId)
        .param("seq", sequence)
        .update();
  }

  /** The elements of a commit, if it exists. */
  Optional<Map<String, String>> elements(UUID sessionId, long sequence) {
    return jdbc.sql("select elements from commits where session_id = :sid and sequence = :seq")
        .param("sid", sessionId)
        .param("seq", sequence)
        .query(String.class)
        .optional()
        .map(text -> json.readValue(text, ELEMENTS));
  }

  /** Records the first acknowledgement of a commit; later ones change nothing. */
  AckResult acknowledge(UUID sessionId, long sequence, Ack ack) {
    int updated =
        jdbc.sql(
                """
                update commits set acked_at = now(), ack_ok = :ok, ack_outcome = :outcome,
                  lms_error_code = :code, lms_error_string = :error, lms_error_element = :element,
                  read_back = cast(:readBack as jsonb)
                where session_id = :sid and sequence = :seq and acked_at is null
                """)
            .param("ok", ack.ok())
            .param("outcome", ack.outcome())
            .param("code", ack.lmsErrorCode())
            .param("error", ack.lmsErrorString())
            .param("element", ack.lmsErrorElement())
            .param(
                "readBack", ack.readBack() == null ? null : json.writeValueAsString(ack.readBack()))
            .param("sid", sessionId)
            .param("seq", sequence)
            .update();
    if (updated == 1) {
      return AckResult.RECORDED;
    }
    return elements(sessionId, sequence).isPresent()
        ? AckResult.ALREADY_ACKNOWLEDGED
        : AckResult.UNKNOWN_COMMIT;
  }

  /** The highest commit sequence of each given session that has commits. */
  Map<UUID, Long> latestSequences(Collection<UUID> sessionIds) {
    Map<UUID, Long> latest = new HashMap<>();
    if (sessionIds.isEmpty()) {
      return latest;
    }
    String[] ids = sessionIds.stream().map(UUID::toString).toArray(String[]::new);
    jdbc.sql(
            """
            select session_id, max(sequence) as latest from commits
            where session_id = any(cast(:ids as uuid[])) group by session_id
            """)
        .param("ids", ids)
        .query(
            (ResultSet rs) -> {
              latest.put(rs.getObject("session_id", UUID.class), rs.getLong("latest"));
            });
    return latest;
  }

  /** The tenant of a registration, if it exists. */
  Optional<String> tenantOf(UUID registrationId) {
    return jdbc.sql("select tenant_id from registrations where id = :id")
        .param("id", registrationId)
        .query(String.class)
        .optional();
  }

  /** The registration's commits, newest first. */
  List<HistoryEntry> history(UUID registrationId, int limit) {
    return jdbc.sql(
            """
            select session_id, sequence, created_at, policy_version, reason, elements,
              delivery_count,
              last_delivered_at, acked_at, ack_outcome, ack_ok, lms_error_code, lms_error_string,
              lms_error_element, read_back
            from commits where registration_id = :reg
            order by created_at desc, sequence desc limit :limit
            """)
        .param("reg", registrationId)
        .param("limit", limit)
        .query(
            (rs, n) ->
                new HistoryEntry(
                    rs.getObject("session_id", UUID.class),
                    rs.getLong("sequence"),
                    instant(rs, "created_at"),
                    (Integer) rs.getObject("policy_version"),
                    rs.getString("reason"),
                    json.readValue(rs.getString("elements"), ELEMENTS),
                    rs.getInt("delivery_count"),
                    instant(rs, "last_delivered_at"),
                    instant(rs, "acked_at"),
                    rs.getString("ack_outcome"),
                    (Boolean) rs.getObject("ack_ok"),
                    rs.getString("lms_error_code"),
                    rs.getString("lms_error_string"),
                    rs.getString("lms_error_element"),
                    rs.getString("read_back") == null
                        ? null
                        : json.readValue(rs.getString("read_back"), ELEMENTS)))
        .list();
  }

  private Commit commit(ResultSet rs, int row) throws SQLException {
    return new Commit(
        rs.getObject("session_id", UUID.class),
        rs.getLong("sequence"),
        rs.getObject("registration_id", UUID.class),
        rs.getString("scorm_version"),
        (Integer) rs.getObject("policy_version"),
        json.readValue(rs.getString("elements"), ELEMENTS),
        instant(rs, "created_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}

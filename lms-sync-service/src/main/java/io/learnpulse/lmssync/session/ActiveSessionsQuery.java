package io.learnpulse.lmssync.session;

import io.learnpulse.lmssync.error.InvalidValueException;
import io.learnpulse.lmssync.scorm.ScormVersion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The Active Sessions query (ADR 0028) as SQL and parameters: a tenant's live sessions, filtered
 * and sorted in PostgreSQL and paged by keyset (the cursor is the last row's sort value and session
 * id), so page 5,000 of 250,000 learners costs what page 1 costs. Every order has its partial index
 * ({@code sessions_tenant_active_heartbeat}, {@code sessions_tenant_active_started}, V10) and the
 * SQL is assembled from fixed fragments only; values are bound.
 *
 * @param tenantId the tenant
 * @param since sessions that showed life before this are not active
 * @param sort {@code heartbeat} (latest heartbeat, launch time before the first) or {@code started}
 * @param descending newest first
 * @param learner prefix of the learner's id or name (case-insensitive), or null
 * @param assignmentId the assignment, or null
 * @param scormVersion the SCORM version, or null
 * @param lessonStatus the registration's lesson status, {@code NONE} for no status yet, or null
 * @param after the cursor of the previous page's last row, or null
 * @param offset rows to skip (page × size; bounded, the cursor pages beyond)
 * @param limit rows of the page, plus one to tell whether there is a next page
 */
public record ActiveSessionsQuery(
    String tenantId,
    Instant since,
    String sort,
    boolean descending,
    String learner,
    String assignmentId,
    ScormVersion scormVersion,
    String lessonStatus,
    Cursor after,
    long offset,
    int limit) {

  /** Most rows {@code page} may skip; deeper pages use the cursor. */
  public static final long MAX_OFFSET = 10_000;

  /** The count stops here: "more than 10,000" is what a screen needs to show. */
  public static final long COUNT_CAP = 10_000;

  private static final Set<String> SORTS = Set.of("heartbeat", "started");
  private static final Set<String> LESSON_STATUSES =
      Set.of("INCOMPLETE", "COMPLETED", "PASSED", "FAILED", "NONE");

  /**
   * A position in the order: the row's sort value and session id.
   *
   * @param at the sort value
   * @param sessionId the tie-breaker
   */
  public record Cursor(Instant at, UUID sessionId) {

    /** The opaque form handed to clients. */
    public String encode() {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString((at + "|" + sessionId).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a cursor a previous page handed out.
     *
     * @throws InvalidValueException on anything else
     */
    public static Cursor decode(String value) {
      try {
        String text = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
        int bar = text.indexOf('|');
        return new Cursor(
            Instant.parse(text.substring(0, bar)), UUID.fromString(text.substring(bar + 1)));
      } catch (IllegalArgumentException | DateTimeParseException | IndexOutOfBoundsException e) {
        throw new InvalidValueException("after", "is not a cursor of this list");
      }
    }
  }

  /**
   * Checks the parameters as the client named them.
   *
   * @throws InvalidValueException naming the parameter
   */
  public ActiveSessionsQuery {
    sort = sort == null ? "heartbeat" : sort;
    if (!SORTS.contains(sort)) {
      throw new InvalidValueException("sort", "must be heartbeat or started");
    }
    learner = learner == null || learner.isBlank() ? null : learner.strip();
    if (learner != null && learner.length() > 255) {
      throw new InvalidValueException("learner", "must be at most 255 characters");
    }
    assignmentId = assignmentId == null || assignmentId.isBlank() ? null : assignmentId;
    if (lessonStatus != null && !lessonStatus.isBlank()) {
      lessonStatus = lessonStatus.toUpperCase(Locale.ROOT);
      if (!LESSON_STATUSES.contains(lessonStatus)) {
        throw new InvalidValueException(
            "status", "must be one of INCOMPLETE, COMPLETED, PASSED, FAILED, NONE");
      }
    } else {
      lessonStatus = null;
    }
    if (offset < 0 || offset > MAX_OFFSET) {
      throw new InvalidValueException(
          "page", "reaches past " + MAX_OFFSET + " rows; follow the next cursor instead");
    }
  }

  /** The sort value of a row, as SQL. */
  String sortExpression() {
    return sort.equals("started") ? "s.started_at" : "coalesce(s.last_heartbeat_at, s.started_at)";
  }

  /** The conditions every row of the list meets (without the cursor). */
  String where() {
    StringBuilder where =
        new StringBuilder(
            "s.tenant_id = :tenant and s.state = 'ACTIVE'"
                + " and coalesce(s.last_seen_at, s.started_at) >= :since");
    if (learner != null) {
      where.append(
          " and (lower(r.learner_id) like :learner escape '\\'"
              + " or lower(r.learner_name) like :learner escape '\\')");
    }
    if (assignmentId != null) {
      where.append(" and r.assignment_id = :assignment");
    }
    if (scormVersion != null) {
      where.append(" and r.scorm_version = :version");
    }
    if (lessonStatus != null) {
      where.append(
          lessonStatus.equals("NONE")
              ? " and r.lesson_status is null"
              : " and r.lesson_status = :lesson");
    }
    return where.toString();
  }

  /** The page's rows. */
  public String sql() {
    String sortValue = sortExpression();
    String direction = descending ? "desc" : "asc";
    return """
        select s.id, s.registration_id, r.learner_id, r.learner_name, r.assignment_id,
          r.topic_id, r.scorm_version, s.started_at, s.last_heartbeat_at, s.active_millis,
          r.completion_status, r.success_status, r.lesson_status, r.raw_score,
          r.policy_version, %s as sort_value
        from sessions s join registrations r on r.id = s.registration_id
        where %s%s
        order by %s %s, s.id %s
        limit :limit offset :offset
        """
        .formatted(
            sortValue,
            where(),
            after == null
                ? ""
                : " and ("
                    + sortValue
                    + ", s.id) "
                    + (descending ? "<" : ">")
                    + " (:afterAt, :afterId)",
            sortValue,
            direction,
            direction);
  }

  /** How many rows the list has, counted up to {@link #COUNT_CAP} + 1. */
  public String countSql() {
    return """
        select count(*) from (
          select 1 from sessions s join registrations r on r.id = s.registration_id
          where %s limit :cap) capped
        """
        .formatted(where());
  }

  /** The values {@link #sql()} and {@link #countSql()} bind. */
  public Map<String, Object> params() {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("tenant", tenantId);
    params.put("since", since.atOffset(ZoneOffset.UTC));
    if (learner != null) {
      String escaped =
          learner
              .toLowerCase(Locale.ROOT)
              .replace("\\", "\\\\")
              .replace("%", "\\%")
              .replace("_", "\\_");
      params.put("learner", escaped + "%");
    }
    if (assignmentId != null) {
      params.put("assignment", assignmentId);
    }
    if (scormVersion != null) {
      params.put("version", scormVersion.name());
    }
    if (lessonStatus != null && !lessonStatus.equals("NONE")) {
      params.put("lesson", lessonStatus);
    }
    if (after != null) {
      params.put("afterAt", after.at().atOffset(ZoneOffset.UTC));
      params.put("afterId", after.sessionId());
    }
    params.put("limit", limit);
    params.put("offset", offset);
    params.put("cap", COUNT_CAP + 1);
    return params;
  }
}

package io.learnpulse.lmssync.launch;

import io.learnpulse.lmssync.error.NotFoundException;
import io.learnpulse.lmssync.error.RevokedException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Every descriptor issued since launch control exists (V7), so it can be listed, capped, expired
 * and revoked (ADR 0019). Descriptors issued before have no row and launch as before, unless a
 * rotation retired the secret that signed them. Callers own the transactions.
 */
@Repository
public class IssuedDescriptors {

  private final JdbcClient jdbc;

  IssuedDescriptors(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * An issued descriptor as recorded.
   *
   * @param id descriptor id (its {@code jti})
   * @param tenantId tenant
   * @param assignmentId assignment, null for a topic package
   * @param topicId topic
   * @param scormVersion SCORM version
   * @param expiresAt when it stops launching, or null
   * @param maxRegistrations most registrations it may create, or null
   * @param registrations registrations it created
   * @param revokedAt when it was revoked, or null
   * @param createdAt when it was issued
   */
  public record Issued(
      UUID id,
      String tenantId,
      String assignmentId,
      String topicId,
      String scormVersion,
      Instant expiresAt,
      Integer maxRegistrations,
      int registrations,
      Instant revokedAt,
      Instant createdAt) {}

  /** Records a freshly issued descriptor. */
  void record(UUID id, LaunchDescriptor descriptor, Instant expiresAt, Integer maxRegistrations) {
    jdbc.sql(
            """
            insert into issued_descriptors (id, tenant_id, assignment_id, topic_id, scorm_version,
              expires_at, max_registrations)
            values (:id, :tenant, :assignment, :topic, :version, :expires, :max)
            """)
        .param("id", id)
        .param("tenant", descriptor.tenantId())
        .param("assignment", descriptor.assignmentId())
        .param("topic", descriptor.topicId())
        .param("version", descriptor.scormVersion().name())
        .param("expires", expiresAt == null ? null : expiresAt.atOffset(ZoneOffset.UTC))
        .param("max", maxRegistrations)
        .update();
  }

  /**
   * Refuses a recorded descriptor that is revoked or expired, as last committed. Takes no lock:
   * every launch of a cohort goes through its package's descriptor, and a lock here would serialize
   * them all (ADR 0034). A launch that read the row just before a revocation committed proceeds, as
   * if it had come a moment earlier; a new learner's launch is checked again by {@link
   * #countRegistration} under the row lock.
   *
   * @throws RevokedException when revoked or expired
   */
  void checkLaunchable(UUID id, Instant now) {
    if (id == null) {
      return;
    }
    Optional<Issued> issued = find(id);
    if (issued.isPresent()) {
      refuseIfNotLaunchable(issued.get(), now);
    }
  }

  /**
   * Counts a registration created through the descriptor, if it is still launchable and under its
   * cap. The conditional update locks the descriptor's row until the transaction ends, so the cap
   * is counted exactly; the caller makes it the last statement of its transaction, so that the lock
   * is held only for the commit (ADR 0034).
   *
   * @throws RevokedException when the descriptor was revoked or expired meanwhile, or its
   *     registration cap is reached
   */
  void countRegistration(UUID id, Instant now) {
    if (id == null) {
      return;
    }
    int updated =
        jdbc.sql(
                """
                update issued_descriptors set registrations = registrations + 1
                where id = :id and revoked_at is null and (expires_at is null or expires_at > :now)
                  and (max_registrations is null or registrations < max_registrations)
                """)
            .param("id", id)
            .param("now", now.atOffset(ZoneOffset.UTC))
            .update();
    if (updated == 0) {
      Optional<Issued> issued = find(id);
      if (issued.isPresent()) {
        refuseIfNotLaunchable(issued.get(), now);
        throw new RevokedException("this package reached its registration cap");
      }
    }
  }

  private static void refuseIfNotLaunchable(Issued issued, Instant now) {
    if (issued.revokedAt() != null) {
      throw new RevokedException("this package was revoked by the tenant's administrator");
    }
    if (issued.expiresAt() != null && !now.isBefore(issued.expiresAt())) {
      throw new RevokedException("this package expired at " + issued.expiresAt());
    }
  }

  /** The tenant's descriptors, newest first. */
  List<Issued> list(String tenantId, int page, int size) {
    return jdbc.sql(
            "select * from issued_descriptors where tenant_id = :t"
                + " order by created_at desc, id limit :size offset :offset")
        .param("t", tenantId)
        .param("size", size)
        .param("offset", (long) page * size)
        .query(IssuedDescriptors::issued)
        .list();
  }

  /** How many descriptors the tenant has. */
  long count(String tenantId) {
    return jdbc.sql("select count(*) from issued_descriptors where tenant_id = :t")
        .param("t", tenantId)
        .query(Long.class)
        .single();
  }

  /**
   * Revokes one of the tenant's descriptors (again: no change).
   *
   * @throws NotFoundException when the tenant has no such descriptor
   */
  Issued revoke(String tenantId, UUID id, Instant now) {
    jdbc.sql(
            """
            update issued_descriptors set revoked_at = coalesce(revoked_at, :now)
            where id = :id and tenant_id = :t
            """)
        .param("now", now.atOffset(ZoneOffset.UTC))
        .param("id", id)
        .param("t", tenantId)
        .update();
    return find(id)
        .filter(i -> i.tenantId().equals(tenantId))
        .orElseThrow(() -> new NotFoundException("unknown descriptor " + id));
  }

  /** Revokes every live descriptor of the tenant; returns how many. */
  int revokeAll(String tenantId, Instant now) {
    return jdbc.sql(
            "update issued_descriptors set revoked_at = :now where tenant_id = :t"
                + " and revoked_at is null")
        .param("now", now.atOffset(ZoneOffset.UTC))
        .param("t", tenantId)
        .update();
  }

  private Optional<Issued> find(UUID id) {
    return jdbc.sql("select * from issued_descriptors where id = :id")
        .param("id", id)
        .query(IssuedDescriptors::issued)
        .optional();
  }

  private static Issued issued(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    return new Issued(
        rs.getObject("id", UUID.class),
        rs.getString("tenant_id"),
        rs.getString("assignment_id"),
        rs.getString("topic_id"),
        rs.getString("scorm_version"),
        instant(rs.getObject("expires_at", OffsetDateTime.class)),
        (Integer) rs.getObject("max_registrations"),
        rs.getInt("registrations"),
        instant(rs.getObject("revoked_at", OffsetDateTime.class)),
        instant(rs.getObject("created_at", OffsetDateTime.class)));
  }

  private static Instant instant(OffsetDateTime at) {
    return at == null ? null : at.toInstant();
  }
}

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
   * Refuses a recorded descriptor that is revoked or expired; locks its row so the registration cap
   * is counted exactly.
   *
   * @throws RevokedException when revoked or expired
   */
  void checkLaunchable(UUID id, Instant now) {
    if (id == null) {
      return;
    }
    Optional<Issued> issued = find(id, true);
    if (issued.isEmpty()) {
      return;
    }
    if (issued.get().revokedAt() != null) {
      throw new RevokedException("this package was revoked by the tenant's administrator");
    }
    if (issued.get().expiresAt() != null && !now.isBefore(issued.get().expiresAt())) {
      throw new RevokedException("this package expired at " + issued.get().expiresAt());
    }
  }

  /**
   * Counts a registration created through the descriptor.
   *
   * @throws RevokedException when its registration cap is reached
   */
  void countRegistration(UUID id) {
    if (id == null) {
      return;
    }
    int updated =
        jdbc.sql(
                """
                update issued_descriptors set registrations = registrations + 1
                where id = :id and (max_registrations is null or registrations < max_registrations)
                """)
            .param("id", id)
            .update();
    if (updated == 0 && find(id, false).isPresent()) {
      throw new RevokedException("this package reached its registration cap");
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
    return find(id, false)
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

  private Optional<Issued> find(UUID id, boolean forUpdate) {
    return jdbc.sql(
            "select * from issued_descriptors where id = :id" + (forUpdate ? " for update" : ""))
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

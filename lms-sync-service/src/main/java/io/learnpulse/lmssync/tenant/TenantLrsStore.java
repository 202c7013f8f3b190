package io.learnpulse.lmssync.tenant;

import io.learnpulse.lmssync.secrets.SecretsCipher;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Tenants' LRS settings in PostgreSQL ({@code tenant_lrs}); the password is stored encrypted by
 * {@link SecretsCipher}, bound to the tenant.
 */
@Repository
public class TenantLrsStore {

  private final JdbcClient jdbc;
  private final SecretsCipher cipher;

  TenantLrsStore(JdbcClient jdbc, SecretsCipher cipher) {
    this.jdbc = jdbc;
    this.cipher = cipher;
  }

  /**
   * A tenant's LRS settings as stored; a tenant without any has {@code enabled} false and nothing
   * else.
   *
   * @param encryptedPassword the stored ciphertext (never shown; see {@link #password})
   */
  public record LrsSettings(
      String tenantId,
      boolean enabled,
      String endpoint,
      String homePage,
      String username,
      byte[] encryptedPassword) {

    /** True when a password is stored. */
    public boolean passwordSet() {
      return encryptedPassword != null;
    }

    @Override
    public String toString() {
      return "LrsSettings[tenantId="
          + tenantId
          + ", enabled="
          + enabled
          + ", endpoint="
          + endpoint
          + ", username="
          + username
          + ", passwordSet="
          + passwordSet()
          + "]";
    }
  }

  /** The settings of {@code tenantId}, or empty when there is no such tenant. */
  public Optional<LrsSettings> find(String tenantId) {
    return jdbc.sql(
            """
            select t.id, coalesce(l.enabled, false) as enabled, l.endpoint, l.home_page,
                   l.username, l.password_encrypted
            from tenants t left join tenant_lrs l on l.tenant_id = t.id
            where t.id = :id
            """)
        .param("id", tenantId)
        .query(
            (rs, n) ->
                new LrsSettings(
                    rs.getString("id"),
                    rs.getBoolean("enabled"),
                    rs.getString("endpoint"),
                    rs.getString("home_page"),
                    rs.getString("username"),
                    rs.getBytes("password_encrypted")))
        .optional();
  }

  /** The clear password of {@code settings} (only for the internal API). */
  public String password(LrsSettings settings) {
    return cipher.decrypt(settings.encryptedPassword(), context(settings.tenantId()));
  }

  /**
   * Replaces the settings of an existing tenant.
   *
   * @param password the clear password, or null for none
   * @return false when there is no such tenant
   */
  boolean put(
      String tenantId,
      boolean enabled,
      String endpoint,
      String homePage,
      String username,
      String password) {
    if (find(tenantId).isEmpty()) {
      return false;
    }
    jdbc.sql(
            """
            insert into tenant_lrs
              (tenant_id, enabled, endpoint, home_page, username, password_encrypted)
            values (:tenant, :enabled, :endpoint, :homePage, :username, :password)
            on conflict (tenant_id) do update set enabled = excluded.enabled,
              endpoint = excluded.endpoint, home_page = excluded.home_page,
              username = excluded.username, password_encrypted = excluded.password_encrypted,
              updated_at = now()
            """)
        .param("tenant", tenantId)
        .param("enabled", enabled)
        .param("endpoint", endpoint)
        .param("homePage", homePage)
        .param("username", username)
        .param("password", password == null ? null : cipher.encrypt(password, context(tenantId)))
        .update();
    return true;
  }

  /**
   * Forgets the settings (and the password) of a tenant: it gets no statements.
   *
   * @return false when there is no such tenant
   */
  boolean delete(String tenantId) {
    if (find(tenantId).isEmpty()) {
      return false;
    }
    jdbc.sql("delete from tenant_lrs where tenant_id = :tenant").param("tenant", tenantId).update();
    return true;
  }

  private static String context(String tenantId) {
    return "tenant_lrs.password:" + tenantId;
  }
}

package io.learnpulse.lmssync.tenant;

import java.net.URI;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Tenants in PostgreSQL. A tenant's descriptor secret is generated once, when it is created. */
@Repository
public class TenantStore {

  private static final int SECRET_BYTES = 32;
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final SecureRandom random = new SecureRandom();

  TenantStore(JdbcClient jdbc, JsonMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /**
   * Creates the tenant or updates its name, origins and player URL.
   *
   * @return true when the tenant was created
   */
  boolean upsert(String id, String name, List<String> playerOrigins, URI playerUrl) {
    byte[] secret = new byte[SECRET_BYTES];
    random.nextBytes(secret);
    return jdbc.sql(
            """
            insert into tenants (id, name, descriptor_secret, player_origins, player_url)
            values (:id, :name, :secret, cast(:origins as jsonb), :playerUrl)
            on conflict (id) do update set name = excluded.name,
              player_origins = excluded.player_origins, player_url = excluded.player_url,
              updated_at = now()
            returning (xmax = 0) as inserted
            """)
        .param("id", id)
        .param("name", name)
        .param("secret", secret)
        .param("origins", json.writeValueAsString(playerOrigins))
        .param("playerUrl", playerUrl == null ? null : playerUrl.toString())
        .query(Boolean.class)
        .single();
  }

  /** The tenant with {@code id}. */
  public Optional<Tenant> find(String id) {
    return jdbc.sql(
            "select id, name, descriptor_secret, player_origins, player_url from tenants where id = :id")
        .param("id", id)
        .query(
            (rs, n) -> {
              String url = rs.getString("player_url");
              return new Tenant(
                  rs.getString("id"),
                  rs.getString("name"),
                  rs.getBytes("descriptor_secret"),
                  json.readValue(rs.getString("player_origins"), STRINGS),
                  url == null ? null : URI.create(url));
            })
        .optional();
  }

  /**
   * Replaces the tenant's descriptor secret with a fresh one and keeps the old one as retired, so
   * packages it signed are refused as revoked rather than forged (ADR 0019).
   */
  public void rotateDescriptorSecret(String tenantId) {
    jdbc.sql(
            """
            insert into tenant_retired_descriptor_secrets (tenant_id, secret, retired_at)
            select id, descriptor_secret, clock_timestamp() from tenants where id = :id
            """)
        .param("id", tenantId)
        .update();
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    jdbc.sql("update tenants set descriptor_secret = :s, updated_at = now() where id = :id")
        .param("s", secret)
        .param("id", tenantId)
        .update();
  }

  /** The tenant's retired descriptor secrets, newest first. */
  public java.util.List<byte[]> retiredDescriptorSecrets(String tenantId) {
    return jdbc.sql(
            "select secret from tenant_retired_descriptor_secrets where tenant_id = :id"
                + " order by retired_at desc")
        .param("id", tenantId)
        .query(byte[].class)
        .list();
  }

  /**
   * Replaces the LMS origins the tenant's packages launch from (empty: not checked).
   *
   * @return true when the tenant exists
   */
  public boolean setLmsOrigins(String tenantId, List<String> origins) {
    return jdbc.sql(
                "update tenants set lms_origins = cast(:o as jsonb), updated_at = now()"
                    + " where id = :id")
            .param("o", json.writeValueAsString(origins))
            .param("id", tenantId)
            .update()
        == 1;
  }

  /** The LMS origins the tenant's packages launch from; empty when not checked. */
  public List<String> lmsOrigins(String tenantId) {
    return jdbc.sql("select lms_origins from tenants where id = :id")
        .param("id", tenantId)
        .query(String.class)
        .optional()
        .map(o -> json.readValue(o, STRINGS))
        .orElse(List.of());
  }
}

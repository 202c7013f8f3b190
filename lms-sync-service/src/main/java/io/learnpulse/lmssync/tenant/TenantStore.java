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
}

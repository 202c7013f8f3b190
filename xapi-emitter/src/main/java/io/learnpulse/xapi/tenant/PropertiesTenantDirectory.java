package io.learnpulse.xapi.tenant;

import io.learnpulse.xapi.XapiProperties;
import io.learnpulse.xapi.delivery.LrsEndpoint;
import io.learnpulse.xapi.statement.TenantProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Tenants from {@code learnpulse.xapi.tenants}: only enabled ones, validated at start-up (a tenant
 * that is enabled but incomplete fails the start, rather than silently getting nothing). Secrets
 * are read from files or from the environment through property placeholders, never logged.
 */
public final class PropertiesTenantDirectory implements TenantDirectory {

  private final Map<String, TenantSettings> tenants;

  /** Reads and checks the enabled tenants. */
  public PropertiesTenantDirectory(XapiProperties properties) {
    Map<String, TenantSettings> map = new LinkedHashMap<>();
    properties
        .tenants()
        .forEach(
            (id, tenant) -> {
              if (tenant.enabled()) {
                map.put(id, settings(id, tenant));
              }
            });
    this.tenants = Map.copyOf(map);
  }

  @Override
  public Optional<TenantSettings> find(String tenantId) {
    return Optional.ofNullable(tenants.get(tenantId));
  }

  @Override
  public Collection<TenantSettings> all() {
    return tenants.values();
  }

  private static TenantSettings settings(String id, XapiProperties.Tenant t) {
    if (t.endpoint() == null || t.homePage() == null || t.username() == null) {
      throw new IllegalStateException(
          "learnpulse.xapi.tenants."
              + id
              + ": endpoint, home-page and username are required when enabled");
    }
    String password = t.passwordFile() != null ? read(t.passwordFile()).strip() : t.password();
    if (password == null || password.isEmpty()) {
      throw new IllegalStateException(
          "learnpulse.xapi.tenants." + id + ": password or password-file is required when enabled");
    }
    Optional<byte[]> key =
        Optional.ofNullable(t.pseudonymKeyFile())
            .map(p -> read(p).strip().getBytes(StandardCharsets.UTF_8));
    return new TenantSettings(
        new TenantProfile(id, t.homePage(), key),
        new LrsEndpoint(t.endpoint(), t.username(), password));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}

package io.learnpulse.xapi.tenant;

import io.learnpulse.xapi.delivery.LrsEndpoint;
import io.learnpulse.xapi.statement.TenantProfile;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tenants' LRS settings from lms-sync-service, which owns tenants: {@code GET
 * {lms-sync}/v1/internal/tenants/{tenantId}/lrs} with {@code Authorization: Bearer <internal
 * token>}, answering {@code {"enabled", "endpoint", "homePage", "username", "password"}} (contract
 * in docs/contracts.md). Credentials travel only over this authenticated call, never through Kafka.
 *
 * <p>Each answer is cached for {@code ttl}: an opted-in tenant's settings, or "no xAPI" for a
 * tenant that is not enabled or unknown (404). When lms-sync cannot answer (connection failure,
 * timeout, 401/403 for a wrong token, 5xx, a malformed body), a cached answer is used past its TTL;
 * with none, {@link TenantDirectoryUnavailableException} says the record has to wait, since
 * treating the tenant as one without xAPI would skip its events for good.
 */
public final class LmsSyncTenantDirectory implements TenantDirectory {

  private static final Logger log = LoggerFactory.getLogger(LmsSyncTenantDirectory.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final URI baseUrl;
  private final String token;
  private final Duration ttl;
  private final Duration timeout;
  private final Clock clock;
  private final HttpClient http;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(Optional<TenantSettings> settings, Instant expires) {}

  /** A directory reading {@code baseUrl} with the internal {@code token}. */
  public LmsSyncTenantDirectory(URI baseUrl, String token, Duration ttl, Duration timeout) {
    this(baseUrl, token, ttl, timeout, Clock.systemUTC());
  }

  LmsSyncTenantDirectory(URI baseUrl, String token, Duration ttl, Duration timeout, Clock clock) {
    this.baseUrl = Objects.requireNonNull(baseUrl, "learnpulse.xapi.lms-sync.base-url");
    if (token == null || token.isBlank()) {
      throw new IllegalStateException(
          "learnpulse.xapi.lms-sync.internal-token is required with tenant-source=lms-sync");
    }
    this.token = token;
    this.ttl = ttl;
    this.timeout = timeout;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public Optional<TenantSettings> find(String tenantId) {
    Instant now = clock.instant();
    Cached cached = cache.get(tenantId);
    if (cached != null && now.isBefore(cached.expires())) {
      return cached.settings();
    }
    try {
      Optional<TenantSettings> fresh = fetch(tenantId);
      cache.put(tenantId, new Cached(fresh, now.plus(ttl)));
      return fresh;
    } catch (IOException | RuntimeException e) {
      if (cached != null) {
        log.warn(
            "lms-sync did not answer for tenant {} ({}); using the settings read at {}",
            tenantId,
            e.toString(),
            cached.expires().minus(ttl));
        return cached.settings();
      }
      throw new TenantDirectoryUnavailableException(
          "lms-sync did not answer for tenant " + tenantId + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TenantDirectoryUnavailableException("interrupted", e);
    }
  }

  /** The opted-in tenants among those asked for so far (lms-sync lists none up front). */
  @Override
  public Collection<TenantSettings> all() {
    return cache.values().stream().flatMap(c -> c.settings().stream()).toList();
  }

  private Optional<TenantSettings> fetch(String tenantId) throws IOException, InterruptedException {
    String base = baseUrl.toString().replaceAll("/+$", "");
    URI uri =
        URI.create(
            base
                + "/v1/internal/tenants/"
                + URLEncoder.encode(tenantId, StandardCharsets.UTF_8).replace("+", "%20")
                + "/lrs");
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    int status = response.statusCode();
    if (status == 404) {
      return Optional.empty();
    }
    if (status != 200) {
      throw new IOException("lms-sync answered HTTP " + status + " for tenant " + tenantId);
    }
    return settings(tenantId, response.body());
  }

  private static Optional<TenantSettings> settings(String tenantId, String body) {
    JsonNode json;
    try {
      json = JSON.readTree(body);
    } catch (JacksonException e) {
      throw new IllegalStateException("lms-sync sent malformed JSON for tenant " + tenantId, e);
    }
    if (!json.path("enabled").asBoolean(false)) {
      return Optional.empty();
    }
    List<String> missing =
        List.of("endpoint", "homePage", "username", "password").stream()
            .filter(field -> json.path(field).asString("").isBlank())
            .toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "lms-sync's LRS settings of tenant " + tenantId + " lack " + missing);
    }
    return Optional.of(
        new TenantSettings(
            new TenantProfile(
                tenantId, URI.create(json.get("homePage").asString()), Optional.empty()),
            new LrsEndpoint(
                URI.create(json.get("endpoint").asString()),
                json.get("username").asString(),
                json.get("password").asString())));
  }
}

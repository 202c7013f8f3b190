package io.learnpulse.xapi.tenant;

import io.learnpulse.schemas.wire.ProblemType;
import io.learnpulse.xapi.delivery.LrsEndpoint;
import io.learnpulse.xapi.statement.TenantProfile;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.util.UriComponentsBuilder;
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
 * tenant that is not enabled or unknown (404 with problem type {@code not-found}; any other 404,
 * such as lms-sync's answer while its internal API is disabled, is a failure, not "no xAPI"). When
 * lms-sync cannot answer (connection failure, timeout, 401/403 for a wrong token, 5xx, a malformed
 * body), a cached answer is used past its TTL; with none, {@link
 * TenantDirectoryUnavailableException} says the record has to wait, since treating the tenant as
 * one without xAPI would skip its events for good.
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
    if (baseUrl == null) {
      throw new IllegalStateException(
          "learnpulse.xapi.lms-sync.base-url is required with tenant-source=lms-sync");
    }
    if (token == null || token.isBlank()) {
      throw new IllegalStateException(
          "learnpulse.xapi.lms-sync.internal-token is required with tenant-source=lms-sync"
              + " (LEARNPULSE_INTERNAL_TOKEN, the same secret lms-sync-service has)");
    }
    this.baseUrl = baseUrl;
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

  /**
   * Asks lms-sync now, whatever the cache holds, and caches the answer.
   *
   * @throws TenantDirectoryUnavailableException when lms-sync cannot answer (the caller keeps what
   *     it has)
   */
  @Override
  public Optional<TenantSettings> refresh(String tenantId) {
    try {
      Optional<TenantSettings> fresh = fetch(tenantId);
      cache.put(tenantId, new Cached(fresh, clock.instant().plus(ttl)));
      return fresh;
    } catch (IOException | RuntimeException e) {
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
    URI uri =
        UriComponentsBuilder.fromUri(baseUrl)
            .pathSegment("v1", "internal", "tenants", "{tenantId}", "lrs")
            .encode()
            .buildAndExpand(tenantId)
            .toUri();
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
      if (unknownTenant(response.body())) {
        return Optional.empty();
      }
      // lms-sync answers 404 for every call while its internal API is disabled (no token there):
      // that says nothing about the tenant, and reading it as "no xAPI" would drop its events
      throw new IOException(
          "lms-sync answered 404 without saying the tenant is unknown (is its internal API"
              + " enabled, learnpulse.lms-sync.internal-token?): "
              + abbreviate(response.body()));
    }
    if (status != 200) {
      throw new IOException("lms-sync answered HTTP " + status + " for tenant " + tenantId);
    }
    return settings(tenantId, response.body());
  }

  /**
   * True when a 404's problem document says the tenant is unknown: type {@link
   * ProblemType#NOT_FOUND}, or (lms-sync before it typed its problems) the detail "unknown tenant
   * ...".
   */
  static boolean unknownTenant(String body) {
    JsonNode problem;
    try {
      problem = JSON.readTree(body);
    } catch (JacksonException e) {
      return false;
    }
    if (problem == null || !problem.isObject()) {
      return false;
    }
    String type = problem.path("type").asString("");
    return type.equals(ProblemType.NOT_FOUND.uri().toString())
        || problem.path("detail").asString("").startsWith("unknown tenant ");
  }

  private static String abbreviate(String text) {
    String flat = text.replaceAll("\\s+", " ").trim();
    return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
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

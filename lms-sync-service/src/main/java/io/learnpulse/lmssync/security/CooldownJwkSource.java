package io.learnpulse.lmssync.security;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin issuer's JSON Web Key Set, fetched on first use and refetched only when a token names a
 * key the cached set lacks, and then at most once per cooldown (issue 10: an unknown {@code kid}
 * made every request fetch the set, 30 tokens 30 fetches). Tokens signed with an algorithm other
 * than RS256 never reach this source (the key selector refuses them first), so an HS256 token with
 * a known {@code kid} does not fetch either. When only an issuer is configured, {@code jwks_uri} is
 * discovered from its {@code /.well-known/openid-configuration} on the first fetch. Responses are
 * read up to {@value #MAX_BYTES} bytes.
 */
final class CooldownJwkSource implements JWKSource<SecurityContext> {

  static final int MAX_BYTES = 512 * 1024;
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final URI issuer;
  private final Duration cooldown;
  private final Clock clock;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private volatile JWKSet keys;
  private URI jwkSetUri;
  private Instant lastFetch;

  /**
   * @param jwkSetUri the JWKS endpoint, or null to discover it from {@code issuer}
   * @param issuer the issuer whose discovery document names the JWKS (when {@code jwkSetUri} is
   *     null)
   * @param cooldown least time between two fetches
   */
  CooldownJwkSource(URI jwkSetUri, URI issuer, Duration cooldown, Clock clock) {
    this.jwkSetUri = jwkSetUri;
    this.issuer = issuer;
    this.cooldown = cooldown;
    this.clock = clock;
  }

  @Override
  public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
    JWKSet seen = keys;
    if (seen != null) {
      List<JWK> matches = selector.select(seen);
      if (!matches.isEmpty()) {
        return matches;
      }
    }
    synchronized (this) {
      if (keys != seen) {
        // Another request refetched while this one waited.
        return selector.select(keys);
      }
      Instant now = clock.instant();
      if (lastFetch != null && now.isBefore(lastFetch.plus(cooldown))) {
        return seen == null ? List.of() : selector.select(seen);
      }
      // Counted before fetching, so a failing issuer is not asked again before the cooldown.
      lastFetch = now;
      keys = fetch();
      return selector.select(keys);
    }
  }

  private JWKSet fetch() throws KeySourceException {
    try {
      if (jwkSetUri == null) {
        URI discovery =
            URI.create(stripSlash(issuer.toString()) + "/.well-known/openid-configuration");
        JsonNode metadata = JSON.readTree(get(discovery));
        String found = metadata.path("jwks_uri").asText("");
        if (found.isEmpty()
            || !stripSlash(metadata.path("issuer").asText(""))
                .equals(stripSlash(issuer.toString()))) {
          throw new KeySourceException(
              "the issuer's discovery document names no matching jwks_uri");
        }
        jwkSetUri = URI.create(found);
      }
      return JWKSet.parse(get(jwkSetUri));
    } catch (IOException | ParseException | RuntimeException e) {
      throw new KeySourceException("cannot fetch the admin issuer's keys: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KeySourceException("interrupted while fetching the admin issuer's keys", e);
    }
  }

  private String get(URI uri) throws IOException, InterruptedException {
    HttpResponse<InputStream> response =
        http.send(
            HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Accept", "application/json")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException(uri + " answered " + response.statusCode());
      }
      byte[] bytes = body.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new IOException(uri + " answered more than " + MAX_BYTES + " bytes");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private static String stripSlash(String uri) {
    return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
  }
}

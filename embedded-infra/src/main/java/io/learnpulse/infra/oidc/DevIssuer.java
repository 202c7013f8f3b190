package io.learnpulse.infra.oidc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A development OpenID Connect issuer on 127.0.0.1: it serves {@code
 * /.well-known/openid-configuration} and {@code /jwks.json} and mints RS256 access tokens with
 * LearnPulse's admin claims ({@code tenant}, {@code roles}) through {@link #mint}. For browser
 * clients such as the admin console it also signs in with Authorization Code + PKCE ({@code
 * /authorize}, {@code /token}): the sign-in page lists the {@linkplain #addUser registered demo
 * users} and has no password, and only {@linkplain #registerClient registered} client id and
 * redirect URI pairs are served. Whoever reaches it can become any listed user, which is exactly
 * what the local stack and tests need and nothing a production deployment should run.
 *
 * <p>With a key file the RSA key (PKCS#8 PEM) is read from it, or generated and written there the
 * first time, so tokens survive restarts; without one a throw-away key is generated.
 */
public final class DevIssuer implements AutoCloseable {

  /** Audience of the tokens {@link #mint} issues. */
  public static final String AUDIENCE = "learnpulse-admin";

  private static final String HOST = "127.0.0.1";
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RSAPrivateCrtKey privateKey;
  private final RSAPublicKey publicKey;
  private final String keyId;
  private final Clock clock;
  private final HttpServer server;
  private final ExecutorService executor;
  private final URI issuer;
  private final DevLogin login;

  private DevIssuer(KeyPair keys, int port, Clock clock) throws IOException {
    this.privateKey = (RSAPrivateCrtKey) keys.getPrivate();
    this.publicKey = (RSAPublicKey) keys.getPublic();
    this.keyId = thumbprint(publicKey);
    this.clock = clock;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(HOST), port), 0);
    this.issuer = URI.create("http://" + HOST + ":" + server.getAddress().getPort());
    this.executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread thread = new Thread(r, "dev-oidc-issuer");
              thread.setDaemon(true);
              return thread;
            });
    server.createContext("/.well-known/openid-configuration", this::configuration);
    server.createContext("/jwks.json", this::jwks);
    this.login = new DevLogin(this, clock);
    server.createContext("/authorize", login::authorize);
    server.createContext("/token", login::token);
    server.setExecutor(executor);
    server.start();
  }

  /**
   * Starts an issuer on a free port with a throw-away key (tests).
   *
   * @return the running issuer
   */
  public static DevIssuer start() {
    return start(0, null);
  }

  /**
   * Starts an issuer.
   *
   * @param port the port on 127.0.0.1, or 0 for a free one
   * @param keyFile PKCS#8 PEM file of the RSA key, created with a new key when missing; null for a
   *     throw-away key
   * @return the running issuer
   */
  public static DevIssuer start(int port, Path keyFile) {
    return start(port, keyFile, Clock.systemUTC());
  }

  /**
   * Starts an issuer whose tokens take their issue time from {@code clock}.
   *
   * @param port the port on 127.0.0.1, or 0 for a free one
   * @param keyFile PKCS#8 PEM file of the RSA key, or null for a throw-away key
   * @param clock the clock for {@code iat}, {@code nbf} and {@code exp}
   * @return the running issuer
   */
  public static DevIssuer start(int port, Path keyFile, Clock clock) {
    try {
      return new DevIssuer(
          keyFile == null ? generate() : loadOrCreate(keyFile),
          port,
          Objects.requireNonNull(clock));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the development OIDC issuer", e);
    }
  }

  /**
   * The issuer identifier ({@code iss}), e.g. {@code http://127.0.0.1:8086}; its discovery document
   * is at {@code <issuer>/.well-known/openid-configuration}.
   *
   * @return the issuer URI
   */
  public URI issuerUri() {
    return issuer;
  }

  /**
   * The JSON Web Key Set endpoint.
   *
   * @return {@code <issuer>/jwks.json}
   */
  public URI jwkSetUri() {
    return URI.create(issuer + "/jwks.json");
  }

  /**
   * The authorization endpoint (Authorization Code + PKCE S256; a user picker, no password).
   *
   * @return {@code <issuer>/authorize}
   */
  public URI authorizationUri() {
    return URI.create(issuer + "/authorize");
  }

  /**
   * The token endpoint (code exchange only).
   *
   * @return {@code <issuer>/token}
   */
  public URI tokenUri() {
    return URI.create(issuer + "/token");
  }

  /**
   * Offers a user on the sign-in page; the code exchange mints the same admin token as {@link
   * #mint(String, String, List, Duration)} with the user's subject, tenant and roles (plus {@code
   * name}). A user added again with the same subject replaces the earlier one.
   *
   * @param user the user
   * @return this issuer
   */
  public DevIssuer addUser(DevUser user) {
    login.addUser(Objects.requireNonNull(user));
    return this;
  }

  /**
   * Registers a public client (no secret) and one of its redirect URIs, matched exactly. The
   * redirect URI's origin may also call the token endpoint from a browser (CORS).
   *
   * @param clientId the client id, e.g. {@code learnpulse-console}
   * @param redirectUri where {@code /authorize} sends the code back
   * @return this issuer
   */
  public DevIssuer registerClient(String clientId, URI redirectUri) {
    login.registerClient(Objects.requireNonNull(clientId), Objects.requireNonNull(redirectUri));
    return this;
  }

  /**
   * Mints an admin access token.
   *
   * @param subject {@code sub}
   * @param tenant {@code tenant}: the tenant the caller administers, or {@code *} for a platform
   *     operator
   * @param roles {@code roles}, e.g. {@code admin} or {@code analyst}
   * @param ttl lifetime from now
   * @return the signed JWT (RS256)
   */
  public String mint(String subject, String tenant, List<String> roles, Duration ttl) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("tenant", tenant);
    claims.put("roles", List.copyOf(roles));
    return mint(subject, ttl, claims);
  }

  /**
   * Mints a token with any further claims (tests of what a verifier must refuse). The standard
   * claims {@code iss}, {@code sub}, {@code aud}, {@code iat}, {@code nbf}, {@code exp} and {@code
   * jti} are set unless {@code claims} names them.
   *
   * @param subject {@code sub}
   * @param ttl lifetime from now (negative for an expired token)
   * @param claims further claims
   * @return the signed JWT (RS256)
   */
  public String mint(String subject, Duration ttl, Map<String, Object> claims) {
    Instant now = clock.instant();
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("iss", issuer.toString());
    payload.put("sub", subject);
    payload.put("aud", AUDIENCE);
    payload.put("iat", now.getEpochSecond());
    payload.put("nbf", now.getEpochSecond());
    payload.put("exp", now.plus(ttl).getEpochSecond());
    payload.put("jti", UUID.randomUUID().toString());
    payload.putAll(claims);
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", "RS256");
    header.put("typ", "JWT");
    header.put("kid", keyId);
    try {
      String signingInput = part(header) + "." + part(payload);
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(privateKey);
      rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + BASE64URL.encodeToString(rsa.sign());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot sign a token", e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void configuration(HttpExchange exchange) throws IOException {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("issuer", issuer.toString());
    document.put("jwks_uri", jwkSetUri().toString());
    document.put("authorization_endpoint", authorizationUri().toString());
    document.put("token_endpoint", tokenUri().toString());
    document.put("response_types_supported", List.of("code"));
    document.put("grant_types_supported", List.of("authorization_code"));
    document.put("code_challenge_methods_supported", List.of("S256"));
    document.put("token_endpoint_auth_methods_supported", List.of("none"));
    document.put("scopes_supported", List.of("openid"));
    document.put("subject_types_supported", List.of("public"));
    document.put("id_token_signing_alg_values_supported", List.of("RS256"));
    document.put("claims_supported", List.of("sub", "name", "tenant", "roles"));
    answer(exchange, document);
  }

  private void jwks(HttpExchange exchange) throws IOException {
    answer(exchange, Map.of("keys", List.of(publicJwk(publicKey, keyId))));
  }

  private static void answer(HttpExchange exchange, Object body) throws IOException {
    try (exchange) {
      // Public documents: browser clients (the admin console) read them cross-origin.
      exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = JSON.writeValueAsBytes(body);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  private static Map<String, Object> publicJwk(RSAPublicKey key, String kid) {
    Map<String, Object> jwk = new LinkedHashMap<>();
    jwk.put("kty", "RSA");
    jwk.put("use", "sig");
    jwk.put("alg", "RS256");
    jwk.put("kid", kid);
    jwk.put("n", unsigned(key.getModulus()));
    jwk.put("e", unsigned(key.getPublicExponent()));
    return jwk;
  }

  /** RFC 7638 thumbprint of the public key: a stable {@code kid}. */
  private static String thumbprint(RSAPublicKey key) {
    String canonical =
        "{\"e\":\""
            + unsigned(key.getPublicExponent())
            + "\",\"kty\":\"RSA\",\"n\":\""
            + unsigned(key.getModulus())
            + "\"}";
    try {
      return BASE64URL.encodeToString(
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    int start = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
    return BASE64URL.encodeToString(java.util.Arrays.copyOfRange(bytes, start, bytes.length));
  }

  private static String part(Map<String, Object> json) throws IOException {
    return BASE64URL.encodeToString(JSON.writeValueAsBytes(json));
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair loadOrCreate(Path file) throws IOException {
    if (Files.exists(file)) {
      return read(file);
    }
    KeyPair keys = generate();
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temporary = Files.createTempFile(parent, ".dev-issuer-key", ".tmp");
    Files.writeString(temporary, pem, StandardCharsets.US_ASCII);
    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    return keys;
  }

  private static KeyPair read(Path file) throws IOException {
    String base64 =
        Files.readString(file, StandardCharsets.US_ASCII)
            .replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    try {
      KeyFactory factory = KeyFactory.getInstance("RSA");
      PrivateKey key =
          factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
      RSAPrivateCrtKey crt = (RSAPrivateCrtKey) key;
      RSAPublicKey publicKey =
          (RSAPublicKey)
              factory.generatePublic(
                  new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
      return new KeyPair(publicKey, crt);
    } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
      throw new IOException(file + " does not hold a PKCS#8 PEM RSA private key", e);
    }
  }
}

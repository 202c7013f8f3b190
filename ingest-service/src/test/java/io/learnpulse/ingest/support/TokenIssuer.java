package io.learnpulse.ingest.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Stands in for lms-sync-service, the real issuer of session tokens: an RSA key whose public half
 * is served as a JWKS by a JDK HTTP server on 127.0.0.1, and RS256 session tokens signed with it.
 */
public final class TokenIssuer implements AutoCloseable {

  /** The issuer URL tokens carry and the service is configured to expect. */
  public static final String ISSUER = "http://127.0.0.1:8083";

  private static TokenIssuer shared;

  private final RSAKey stranger;
  private final HttpServer server;
  private final AtomicReference<RSAKey> key;
  private final AtomicReference<byte[]> jwks;
  private final AtomicInteger rotations = new AtomicInteger(1);
  private final AtomicInteger jwksRequests;

  private TokenIssuer(
      AtomicReference<RSAKey> key,
      AtomicReference<byte[]> jwks,
      RSAKey stranger,
      HttpServer server,
      AtomicInteger jwksRequests) {
    this.jwksRequests = jwksRequests;
    this.key = key;
    this.jwks = jwks;
    this.stranger = stranger;
    this.server = server;
  }

  /**
   * The issuer shared by every test of this JVM (so the Spring contexts configured with its JWKS
   * URI can be cached and reused); it stops when the JVM exits.
   */
  public static synchronized TokenIssuer shared() {
    if (shared == null) {
      TokenIssuer issuer = start();
      Runtime.getRuntime().addShutdownHook(new Thread(issuer::close, "token-issuer-shutdown"));
      shared = issuer;
    }
    return shared;
  }

  /** Generates the keys and starts serving the JWKS. */
  public static TokenIssuer start() {
    try {
      AtomicReference<RSAKey> key =
          new AtomicReference<>(new RSAKeyGenerator(2048).keyID("lms-sync-1").generate());
      RSAKey stranger = new RSAKeyGenerator(2048).keyID("lms-sync-1").generate();
      AtomicReference<byte[]> jwks = new AtomicReference<>(publish(key.get()));
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      AtomicInteger requests = new AtomicInteger();
      server.createContext(
          "/.well-known/jwks.json",
          exchange -> {
            requests.incrementAndGet();
            byte[] body = jwks.get();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      server.start();
      return new TokenIssuer(key, jwks, stranger, server, requests);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] publish(RSAKey key) {
    return new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Replaces the signing key with a new one (a new key id) and publishes only the new key, as
   * lms-sync does when it retires a key: tokens signed before no longer match a published key.
   */
  public void rotate() {
    try {
      RSAKey next =
          new RSAKeyGenerator(2048).keyID("lms-sync-" + rotations.incrementAndGet()).generate();
      jwks.set(publish(next));
      key.set(next);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** How many times the JWKS was requested so far. */
  public int jwksRequests() {
    return jwksRequests.get();
  }

  /** Where the JWKS is served. */
  public String jwksUri() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json";
  }

  /** The claims of a valid session token for {@code session}. */
  public static JWTClaimsSet.Builder claims(TestSession session) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience("learnpulse-ingest")
        .subject(session.learnerId())
        .claim("tid", session.tenantId())
        .claim("reg", session.registrationId().toString())
        .claim("sid", session.sessionId().toString())
        .claim("aid", session.assignmentId())
        .claim("top", session.topicId())
        .claim("ver", "SCORM_2004_4TH")
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofHours(12))))
        .jwtID(UUID.randomUUID().toString());
  }

  /** A valid session token for {@code session}. */
  public String token(TestSession session) {
    return sign(key.get(), claims(session).build());
  }

  /** A session token for {@code session} with its claims changed by {@code change}. */
  public String token(TestSession session, UnaryOperator<JWTClaimsSet.Builder> change) {
    return sign(key.get(), change.apply(claims(session)).build());
  }

  /** A well-formed token signed by a key the JWKS does not hold (same key id). */
  public String tokenFromAnotherKey(TestSession session) {
    return sign(stranger, claims(session).build());
  }

  /** A well-formed RS256 token signed by a key the JWKS does not hold, with key id {@code kid}. */
  public String tokenWithUnknownKeyId(TestSession session, String kid) {
    return sign(new RSAKey.Builder(stranger).keyID(kid).build(), claims(session).build());
  }

  /**
   * An HS256 token naming the published key id, its HMAC key made of the public key's modulus (the
   * classic algorithm-confusion attempt).
   */
  public String hs256TokenWithTheKnownKeyId(TestSession session) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.HS256)
                  .keyID(key.get().getKeyID())
                  .type(JOSEObjectType.JWT)
                  .build(),
              claims(session).build());
      jwt.sign(new MACSigner(key.get().getModulus().decode()));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sign(RSAKey key, JWTClaimsSet claims) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256)
                  .keyID(key.getKeyID())
                  .type(JOSEObjectType.JWT)
                  .build(),
              claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

package io.learnpulse.lmssync.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.learnpulse.lmssync.LmsSyncProperties;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Issue 10: tokens with an unknown {@code kid}, or HS256 tokens naming the known one, must not make
 * the admin authenticator fetch the issuer's JWKS per request. A real HTTP JWKS server counts the
 * fetches.
 */
class JwksCooldownTest {

  private final AtomicInteger fetches = new AtomicInteger();
  private final AtomicReference<JWKSet> served = new AtomicReference<>();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T03:00:00Z"));
  private HttpServer server;
  private RSAKey known;
  private RSAKey stranger;
  private JwtDecoder decoder;

  @BeforeEach
  void start() throws Exception {
    known = new RSAKeyGenerator(2048).keyID("k1").generate();
    stranger = new RSAKeyGenerator(2048).keyID("k2").generate();
    served.set(new JWKSet(known.toPublicJWK()));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/jwks",
        exchange -> {
          fetches.incrementAndGet();
          byte[] body = served.get().toString(true).getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    URI jwks = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks");
    decoder =
        AdminAuthenticator.decoder(
            new LmsSyncProperties.Admin(null, jwks, null, null, Duration.ofSeconds(60)), clock);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void unknownKeyIdsAndHs256TokensRefetchAtMostOncePerCooldown() throws Exception {
    assertThat(decoder.decode(rs256(known)).getSubject()).isEqualTo("ops");
    assertThat(fetches).hasValue(1);

    for (int i = 0; i < 30; i++) {
      String unknownKid = rs256(stranger);
      assertThatThrownBy(() -> decoder.decode(unknownKid)).isInstanceOf(JwtException.class);
      String hs256 = hs256("k1");
      assertThatThrownBy(() -> decoder.decode(hs256)).isInstanceOf(JwtException.class);
    }
    assertThat(fetches).as("within the cooldown of the first fetch").hasValue(1);

    clock.advance(AdminAuthenticator.JWKS_REFETCH_COOLDOWN.plusSeconds(1));
    for (int i = 0; i < 30; i++) {
      String unknownKid = rs256(stranger);
      assertThatThrownBy(() -> decoder.decode(unknownKid)).isInstanceOf(JwtException.class);
    }
    assertThat(fetches).as("one refetch per cooldown").hasValue(2);

    // A rotated key is picked up by the first token that needs it after the cooldown.
    served.set(new JWKSet(List.of(known.toPublicJWK(), stranger.toPublicJWK())));
    clock.advance(AdminAuthenticator.JWKS_REFETCH_COOLDOWN.plusSeconds(1));
    assertThat(decoder.decode(rs256(stranger)).getSubject()).isEqualTo("ops");
    assertThat(decoder.decode(rs256(stranger)).getSubject()).isEqualTo("ops");
    assertThat(fetches).hasValue(3);
  }

  private String rs256(RSAKey key) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private String hs256(String kid) throws Exception {
    SignedJWT jwt =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), claims());
    jwt.sign(new MACSigner("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }

  private JWTClaimsSet claims() {
    return new JWTClaimsSet.Builder()
        .subject("ops")
        .claim("tenant", "*")
        .claim("roles", List.of("admin"))
        .issueTime(Date.from(clock.instant()))
        .expirationTime(Date.from(clock.instant().plusSeconds(3600)))
        .build();
  }

  /** A clock the test moves. */
  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}

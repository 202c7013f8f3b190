package io.learnpulse.lmssync.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.learnpulse.lmssync.LmsSyncProperties;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Issues the RS256 session and bridge tokens of docs/contracts.md and verifies bridge tokens. The
 * RSA key comes from {@code learnpulse.lms-sync.token-key.private-key-pem}; without one a key is
 * generated at start, which is for development only (tokens die with the process, replicas do not
 * share it).
 */
@Component
public class TokenService {

  /** Audience of session tokens (the player's calls to ingest-service). */
  public static final String INGEST_AUDIENCE = "learnpulse-ingest";

  /** Audience of bridge tokens (the SCORM bridge's calls to lms-sync-service). */
  public static final String BRIDGE_AUDIENCE = "learnpulse-bridge";

  private static final Logger log = LoggerFactory.getLogger(TokenService.class);

  private final RSAKey key;
  private final String issuer;
  private final Duration ttl;
  private final Clock clock;

  TokenService(LmsSyncProperties properties, Clock clock) {
    this.key = loadOrGenerate(properties.tokenKey());
    this.issuer = properties.issuer().toString();
    this.ttl = properties.tokenTtl();
    this.clock = clock;
  }

  /**
   * The claims both tokens carry.
   *
   * @param learnerId {@code sub}
   * @param tenantId {@code tid}
   * @param registrationId {@code reg}
   * @param sessionId {@code sid}
   * @param assignmentId {@code aid}
   * @param topicId {@code top}
   * @param scormVersion {@code ver}
   */
  public record SessionClaims(
      String learnerId,
      String tenantId,
      UUID registrationId,
      UUID sessionId,
      String assignmentId,
      String topicId,
      String scormVersion) {}

  /** A signed token for {@code audience}. */
  public String issue(SessionClaims claims, String audience) {
    Instant now = clock.instant();
    JWTClaimsSet set =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject(claims.learnerId())
            .audience(audience)
            .claim("tid", claims.tenantId())
            .claim("reg", claims.registrationId().toString())
            .claim("sid", claims.sessionId().toString())
            .claim("aid", claims.assignmentId())
            .claim("top", claims.topicId())
            .claim("ver", claims.scormVersion())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ttl)))
            .jwtID(UUID.randomUUID().toString())
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(JOSEObjectType.JWT)
                .keyID(key.getKeyID())
                .build(),
            set);
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a token", e);
    }
    return jwt.serialize();
  }

  /** The claims of a valid, unexpired bridge token issued by this service, if it is one. */
  public Optional<SessionClaims> verifyBridgeToken(String token) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())
          || !jwt.verify(new RSASSAVerifier(key.toRSAPublicKey()))) {
        return Optional.empty();
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Date expiry = claims.getExpirationTime();
      if (!issuer.equals(claims.getIssuer())
          || claims.getAudience() == null
          || !claims.getAudience().contains(BRIDGE_AUDIENCE)
          || expiry == null
          || !expiry.toInstant().isAfter(clock.instant())) {
        return Optional.empty();
      }
      return Optional.of(
          new SessionClaims(
              claims.getSubject(),
              claims.getStringClaim("tid"),
              UUID.fromString(claims.getStringClaim("reg")),
              UUID.fromString(claims.getStringClaim("sid")),
              claims.getStringClaim("aid"),
              claims.getStringClaim("top"),
              claims.getStringClaim("ver")));
    } catch (ParseException | JOSEException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The public JWK set ({@code /.well-known/jwks.json}). */
  public Map<String, Object> publicJwks() {
    return new JWKSet(key.toPublicJWK()).toJSONObject(true);
  }

  private static RSAKey loadOrGenerate(LmsSyncProperties.TokenKey config) {
    String pem = config.privateKeyPem();
    try {
      if (pem == null || pem.isBlank()) {
        log.warn(
            "No learnpulse.lms-sync.token-key.private-key-pem configured: generated a throw-away"
                + " RSA key. Development only: tokens die with this process and replicas do not"
                + " share the key.");
        return new RSAKeyGenerator(2048)
            .keyID(config.keyId())
            .keyUse(KeyUse.SIGNATURE)
            .algorithm(JWSAlgorithm.RS256)
            .generate();
      }
      String base64 =
          pem.replace("-----BEGIN PRIVATE KEY-----", "")
              .replace("-----END PRIVATE KEY-----", "")
              .replaceAll("\\s", "");
      KeyFactory rsa = KeyFactory.getInstance("RSA");
      RSAPrivateCrtKey priv =
          (RSAPrivateCrtKey)
              rsa.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
      if (priv.getModulus().bitLength() < 2048) {
        throw new IllegalStateException("the token signing key must have at least 2048 bits");
      }
      RSAPublicKey pub =
          (RSAPublicKey)
              rsa.generatePublic(new RSAPublicKeySpec(priv.getModulus(), priv.getPublicExponent()));
      return new RSAKey.Builder(pub)
          .privateKey(priv)
          .keyID(config.keyId())
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.RS256)
          .build();
    } catch (GeneralSecurityException | JOSEException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "learnpulse.lms-sync.token-key.private-key-pem is not a PKCS#8 RSA private key", e);
    }
  }
}

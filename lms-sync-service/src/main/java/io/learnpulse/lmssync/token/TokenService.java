package io.learnpulse.lmssync.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.learnpulse.lmssync.LmsSyncProperties;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Issues the session and bridge tokens of docs/contracts.md and verifies bridge tokens. Session
 * tokens are RS256 with the key from {@link SigningKeys} (ingest-service and scoring-service verify
 * them against the JWKS). Bridge tokens are verified by this service alone, so they are HS256 with
 * a key derived from the same private key (ADR 41): every replica holding the signing key derives
 * the same one, it rotates with it, and a launch pays for one RSA signature instead of two.
 */
@Component
public class TokenService {

  /** Audience of session tokens (the player's calls to ingest-service). */
  public static final String INGEST_AUDIENCE = "learnpulse-ingest";

  /** Audience of bridge tokens (the SCORM bridge's calls to lms-sync-service). */
  public static final String BRIDGE_AUDIENCE = "learnpulse-bridge";

  /** The label the bridge token key is derived with (HMAC-SHA256 keyed by the RSA exponent). */
  private static final String BRIDGE_KEY_LABEL = "learnpulse bridge token key v1";

  private final RSAKey key;
  private final JWSSigner sessionSigner;
  private final MACSigner bridgeSigner;
  private final MACVerifier bridgeVerifier;
  private final String issuer;
  private final Duration ttl;
  private final Clock clock;

  TokenService(LmsSyncProperties properties, Clock clock) {
    this.key = SigningKeys.load(properties);
    byte[] bridgeKey = bridgeKey(key);
    try {
      this.sessionSigner = new RSASSASigner(key);
      this.bridgeSigner = new MACSigner(bridgeKey);
      this.bridgeVerifier = new MACVerifier(bridgeKey);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot use the token signing key", e);
    }
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

  /**
   * The session token (RS256, audience {@value #INGEST_AUDIENCE}), naming the origins the player
   * may call from ({@code orig}, a JSON array, for ingest-service to enforce).
   *
   * @param playerOrigins the tenant's allowed player origins, or null to leave the claim out
   */
  public String issueSessionToken(SessionClaims claims, List<String> playerOrigins) {
    return issue(claims, INGEST_AUDIENCE, playerOrigins, JWSAlgorithm.RS256, sessionSigner);
  }

  /** The bridge token (HS256, audience {@value #BRIDGE_AUDIENCE}), verified only here. */
  public String issueBridgeToken(SessionClaims claims) {
    return issue(claims, BRIDGE_AUDIENCE, null, JWSAlgorithm.HS256, bridgeSigner);
  }

  private String issue(
      SessionClaims claims,
      String audience,
      List<String> playerOrigins,
      JWSAlgorithm algorithm,
      JWSSigner signer) {
    Instant now = clock.instant();
    JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
    if (playerOrigins != null) {
      builder.claim("orig", List.copyOf(playerOrigins));
    }
    JWTClaimsSet set =
        builder
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
            new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).keyID(key.getKeyID()).build(),
            set);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a token", e);
    }
    return jwt.serialize();
  }

  /** The claims of a valid, unexpired bridge token issued by this service, if it is one. */
  public Optional<SessionClaims> verifyBridgeToken(String token) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())
          || !jwt.verify(bridgeVerifier)) {
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

  /**
   * The bridge tokens' HMAC key: HMAC-SHA256 keyed by the RSA private exponent over a fixed label.
   * The exponent is the secret every replica already shares; the label keeps the derived key apart
   * from any other use of it.
   */
  private static byte[] bridgeKey(RSAKey key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getPrivateExponent().decode(), "HmacSHA256"));
      return mac.doFinal(BRIDGE_KEY_LABEL.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot derive the bridge token key", e);
    }
  }

  /** The public JWK set ({@code /.well-known/jwks.json}). */
  public Map<String, Object> publicJwks() {
    return new JWKSet(key.toPublicJWK()).toJSONObject(true);
  }
}

package io.learnpulse.lmssync.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.learnpulse.lmssync.LmsSyncProperties;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Issues the RS256 session and bridge tokens of docs/contracts.md and verifies bridge tokens. The
 * RSA key comes from {@link SigningKeys}.
 */
@Component
public class TokenService {

  /** Audience of session tokens (the player's calls to ingest-service). */
  public static final String INGEST_AUDIENCE = "learnpulse-ingest";

  /** Audience of bridge tokens (the SCORM bridge's calls to lms-sync-service). */
  public static final String BRIDGE_AUDIENCE = "learnpulse-bridge";

  private final RSAKey key;
  private final String issuer;
  private final Duration ttl;
  private final Clock clock;

  TokenService(LmsSyncProperties properties, Clock clock) {
    this.key = SigningKeys.load(properties);
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
    return issue(claims, audience, null);
  }

  /**
   * A signed token for {@code audience} that also names the origins the player may call from
   * ({@code orig}, a JSON array; session tokens carry it for ingest-service to enforce).
   *
   * @param playerOrigins the tenant's allowed player origins, or null to leave the claim out
   */
  public String issue(SessionClaims claims, String audience, List<String> playerOrigins) {
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
}

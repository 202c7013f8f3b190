package io.learnpulse.scoring.status;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.learnpulse.schemas.wire.ProblemType;
import io.learnpulse.scoring.ScoringProperties.StatusAuth;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Verifies the bearer token of a status query: RS256 JWTs of the admin issuer ({@code tenant},
 * {@code roles}; {@code aud} when configured) or lms-sync-service's session tokens ({@code aud}
 * {@value #INGEST_AUDIENCE}, {@code reg}, {@code tid}; bridge tokens are HS256 for lms-sync-service
 * alone since ADR 41), each against its issuer's JWKS (the admin issuer's found by OpenID Connect
 * discovery unless its JWKS URL is configured). The token's {@code iss} picks the verifier. Key
 * sets are cached and refetched at most every 30 s for an unknown {@code kid} (nimbus' rate-limited
 * source), so forged key ids cannot make this service hammer the issuers.
 */
public final class StatusAuthenticator {

  /** Audience of lms-sync-service's session tokens. */
  public static final String INGEST_AUDIENCE = "learnpulse-ingest";

  private static final Logger log = LoggerFactory.getLogger(StatusAuthenticator.class);
  private static final String BEARER = "bearer ";

  private final DefaultJWTProcessor<SecurityContext> admin;
  private final DefaultJWTProcessor<SecurityContext> session;
  private final String sessionIssuer;

  /** Verifiers for the issuers {@code settings} names; an issuer left out verifies nothing. */
  public StatusAuthenticator(StatusAuth settings) {
    int skew = (int) settings.clockSkew().toSeconds();
    JWKSource<SecurityContext> adminKeys =
        settings.adminJwkSetUri() != null
            ? keys(settings.adminJwkSetUri())
            : settings.adminIssuerUri() == null ? null : discovered(settings.adminIssuerUri());
    this.admin =
        adminKeys == null
            ? null
            : processor(
                adminKeys,
                settings.adminAudience() == null || settings.adminAudience().isBlank()
                    ? null
                    : Set.of(settings.adminAudience()),
                settings.adminIssuerUri() == null ? null : settings.adminIssuerUri().toString(),
                skew);
    this.sessionIssuer =
        settings.sessionIssuer() == null ? null : settings.sessionIssuer().toString();
    this.session =
        settings.sessionJwkSetUri() == null || sessionIssuer == null
            ? null
            : processor(
                keys(settings.sessionJwkSetUri()), Set.of(INGEST_AUDIENCE), sessionIssuer, skew);
    if (admin == null && session == null) {
      log.warn(
          "status query authentication is not configured (learnpulse.scoring.status-auth.*):"
              + " every status query is refused");
    }
  }

  /**
   * The caller of an {@code Authorization} header value. Fails with {@link StatusAuthException}:
   * {@link ProblemType#INVALID_TOKEN} for a missing, malformed, forged, expired or foreign token,
   * {@link ProblemType#KEYS_UNAVAILABLE} when the issuer's keys cannot be fetched. Verification may
   * fetch keys, so it runs off the event loop.
   */
  public Mono<StatusCaller> authenticate(String authorization) {
    if (authorization == null
        || authorization.length() <= BEARER.length()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Mono.error(
          new StatusAuthException(ProblemType.INVALID_TOKEN, "a bearer token is required"));
    }
    String token = authorization.substring(BEARER.length()).trim();
    return Mono.fromCallable(() -> verify(token)).subscribeOn(Schedulers.boundedElastic());
  }

  private StatusCaller verify(String token) {
    String issuer;
    try {
      issuer = SignedJWT.parse(token).getJWTClaimsSet().getIssuer();
    } catch (ParseException e) {
      throw invalid("the bearer token is not a signed JWT");
    }
    boolean fromSessionIssuer = sessionIssuer != null && sessionIssuer.equals(issuer);
    DefaultJWTProcessor<SecurityContext> processor = fromSessionIssuer ? session : admin;
    if (processor == null) {
      throw invalid("tokens of this issuer are not accepted");
    }
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (KeySourceException e) {
      log.warn("Cannot fetch the keys to verify a status query's token: {}", e.getMessage());
      throw new StatusAuthException(
          ProblemType.KEYS_UNAVAILABLE, "the token's signing keys cannot be fetched now");
    } catch (BadJOSEException | JOSEException | ParseException e) {
      log.debug("status query token refused: {}", e.getMessage());
      throw invalid("the bearer token is invalid or expired");
    }
    try {
      if (fromSessionIssuer) {
        String registration = claims.getStringClaim("reg");
        String tenant = claims.getStringClaim("tid");
        if (registration == null || tenant == null) {
          throw invalid("the session token names no registration");
        }
        return new StatusCaller.RegistrationHolder(registration, tenant);
      }
      Object tenant = claims.getClaim("tenant");
      return new StatusCaller.TenantAdmin(
          claims.getSubject(),
          tenant instanceof String text && !text.isBlank() ? text : null,
          roles(claims.getClaim("roles")));
    } catch (ParseException e) {
      throw invalid("the bearer token's claims are malformed");
    }
  }

  /** {@code roles} as a JSON array of strings, or one space-separated string. */
  private static Set<String> roles(Object claim) {
    Set<String> roles = new LinkedHashSet<>();
    if (claim instanceof Collection<?> values) {
      values.stream().filter(String.class::isInstance).map(String.class::cast).forEach(roles::add);
    } else if (claim instanceof String text) {
      roles.addAll(Arrays.asList(text.trim().split("\\s+")));
    }
    roles.remove("");
    return roles;
  }

  private static StatusAuthException invalid(String detail) {
    return new StatusAuthException(ProblemType.INVALID_TOKEN, detail);
  }

  private static JWKSource<SecurityContext> keys(URI jwkSetUri) {
    try {
      return JWKSourceBuilder.create(jwkSetUri.toURL()).retrying(false).build();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("not a JWKS URL: " + jwkSetUri, e);
    }
  }

  /**
   * The keys of {@code issuer}, found through its OpenID Connect discovery document on first use
   * (the issuer need not be reachable when the service starts).
   */
  private static JWKSource<SecurityContext> discovered(URI issuer) {
    String base = issuer.toString().replaceAll("/+$", "");
    AtomicReference<JWKSource<SecurityContext>> resolved = new AtomicReference<>();
    return (selector, context) -> {
      JWKSource<SecurityContext> source = resolved.get();
      if (source == null) {
        try {
          Resource document =
              new DefaultResourceRetriever(5_000, 5_000, 64 * 1024)
                  .retrieveResource(URI.create(base + "/.well-known/openid-configuration").toURL());
          Object jwksUri = JSONObjectUtils.parse(document.getContent()).get("jwks_uri");
          if (!(jwksUri instanceof String text)) {
            throw new KeySourceException("the discovery document of " + base + " has no jwks_uri");
          }
          source = keys(URI.create(text));
        } catch (IOException | ParseException | IllegalArgumentException e) {
          throw new KeySourceException("cannot discover the keys of " + base, e);
        }
        resolved.compareAndSet(null, source);
      }
      return source.get(selector, context);
    };
  }

  private static DefaultJWTProcessor<SecurityContext> processor(
      JWKSource<SecurityContext> keys, Set<String> audiences, String issuer, int skewSeconds) {
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null));
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            audiences,
            issuer == null ? null : new JWTClaimsSet.Builder().issuer(issuer).build(),
            Set.of("exp"),
            null);
    claims.setMaxClockSkew(skewSeconds);
    processor.setJWTClaimsSetVerifier(claims);
    return processor;
  }
}

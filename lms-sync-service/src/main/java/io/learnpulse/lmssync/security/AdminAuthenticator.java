package io.learnpulse.lmssync.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.learnpulse.lmssync.LmsSyncProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Authenticates admin API bearer tokens: JWTs of the configured OpenID Connect issuer (RS256,
 * verified against its JWKS; {@code iss}, {@code exp}/{@code nbf} with the configured skew, and
 * {@code aud} when an audience is configured), or, when explicitly enabled for development, the
 * static dev token (a platform operator with the admin role). What the caller may do is decided by
 * {@link AdminPrincipal}, from the {@code tenant} and {@code roles} claims.
 */
@Component
public class AdminAuthenticator implements AuthenticationManager {

  private static final Logger log = LoggerFactory.getLogger(AdminAuthenticator.class);

  /** Least time between two fetches of the issuer's keys for a token with an unknown key id. */
  static final Duration JWKS_REFETCH_COOLDOWN = Duration.ofSeconds(30);

  private final JwtDecoder jwtDecoder;
  private final byte[] devToken;

  AdminAuthenticator(LmsSyncProperties properties, Clock clock) {
    LmsSyncProperties.Admin admin = properties.admin();
    this.jwtDecoder = decoder(admin, clock);
    this.devToken =
        admin.devToken() == null ? null : admin.devToken().getBytes(StandardCharsets.UTF_8);
    if (devToken != null) {
      log.warn(
          "admin API accepts the static development token (learnpulse.lms-sync.admin.dev-token):"
              + " never enable it outside development");
    }
    if (!admin.configured()) {
      log.warn(
          "admin API authentication is not configured (learnpulse.lms-sync.admin.issuer-uri or"
              + " jwk-set-uri): every /v1/admin request is refused");
    }
  }

  /** The admin caller of an {@code Authorization} header, if it carries a valid admin token. */
  public Optional<AdminPrincipal> authenticate(String authorization) {
    return BearerTokens.token(authorization)
        .flatMap(
            token -> {
              try {
                return Optional.of(principal(token));
              } catch (AuthenticationException e) {
                log.debug("admin token refused: {}", e.getMessage());
                return Optional.empty();
              }
            });
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    if (!(authentication instanceof BearerTokenAuthenticationToken bearer)) {
      return null;
    }
    return new AdminAuthentication(principal(bearer.getToken()));
  }

  private AdminPrincipal principal(String token) {
    if (devToken != null
        && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), devToken)) {
      return new AdminPrincipal(
          "dev-token", AdminPrincipal.ALL_TENANTS, Set.of(AdminPrincipal.ADMIN));
    }
    if (jwtDecoder == null) {
      throw new InvalidBearerTokenException("no admin token issuer is configured");
    }
    Jwt jwt;
    try {
      jwt = jwtDecoder.decode(token);
    } catch (BadJwtException e) {
      throw new InvalidBearerTokenException(e.getMessage(), e);
    } catch (JwtException | JwtDecoderInitializationException e) {
      throw new AuthenticationServiceException(
          "cannot verify the admin token: " + e.getMessage(), e);
    }
    return new AdminPrincipal(jwt.getSubject(), tenant(jwt), roles(jwt.getClaim("roles")));
  }

  private static String tenant(Jwt jwt) {
    Object tenant = jwt.getClaim("tenant");
    return tenant instanceof String text && !text.isBlank() ? text : null;
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

  static JwtDecoder decoder(LmsSyncProperties.Admin admin, Clock clock) {
    if (admin.issuerUri() == null && admin.jwkSetUri() == null) {
      return null;
    }
    List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
    JwtTimestampValidator timestamps = new JwtTimestampValidator(admin.clockSkew());
    timestamps.setClock(clock);
    timestamps.setAllowEmptyExpiryClaim(false);
    validators.add(timestamps);
    JwtTypeValidator type = JwtTypeValidator.jwt();
    type.setAllowEmpty(true);
    validators.add(type);
    if (admin.issuerUri() != null) {
      validators.add(new JwtIssuerValidator(admin.issuerUri().toString()));
    }
    if (admin.audience() != null && !admin.audience().isBlank()) {
      validators.add(new JwtAudienceValidator(admin.audience()));
    }
    OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(validators);
    // Keys are fetched on first use (the issuer need not be reachable when the service starts)
    // and refetched for an unknown kid at most once per cooldown.
    CooldownJwkSource keys =
        new CooldownJwkSource(admin.jwkSetUri(), admin.issuerUri(), JWKS_REFETCH_COOLDOWN, clock);
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
    // Spring's validators check type and claims (as NimbusJwtDecoder's own builders arrange).
    processor.setJWSTypeVerifier((joseType, context) -> {});
    processor.setJWTClaimsSetVerifier((claims, context) -> {});
    NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
    decoder.setJwtValidator(validator);
    return decoder;
  }
}

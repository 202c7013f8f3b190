package io.learnpulse.lmssync.security;

import io.learnpulse.lmssync.web.ProblemWriter;
import io.learnpulse.lmssync.web.Problems;
import io.learnpulse.schemas.wire.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Security of the admin API ({@code /v1/admin/**}) only: stateless bearer authentication through
 * {@link AdminAuthenticator}, and per request a decision from the token's tenant and roles. Under
 * {@code /v1/admin/tenants/{tenantId}} a caller needs that tenant (or {@code *}); anything else
 * under {@code /v1/admin} is platform-wide and needs {@code *}. {@code GET} and {@code HEAD} need
 * the admin or analyst role, every other method the admin role. Missing or invalid tokens get 401,
 * insufficient ones 403, both as problem+json.
 *
 * <p>The other endpoints (launch, the bridge's, JWKS, actuator) authenticate with their own tokens
 * or not at all and are outside this filter chain.
 */
@Configuration(proxyBeanMethods = false)
class AdminSecurityConfiguration {

  private static final Set<String> READ_METHODS = Set.of("GET", "HEAD");

  @Bean
  SecurityFilterChain adminApiSecurity(
      HttpSecurity http, AdminAuthenticator authenticator, ProblemWriter problems)
      throws Exception {
    AuthenticationEntryPoint unauthorized =
        (request, response, e) ->
            problems.write(
                response,
                Problems.of(
                    ProblemType.INVALID_TOKEN,
                    e instanceof InvalidBearerTokenException
                        ? "The admin bearer token is invalid or expired."
                        : "An admin bearer token is required."));
    AccessDeniedHandler forbidden =
        (request, response, e) ->
            problems.write(
                response,
                Problems.of(
                    ProblemType.FORBIDDEN,
                    "The token does not allow this operation on this tenant's resources."));
    http.securityMatcher("/v1/admin/**")
        .csrf(csrf -> csrf.disable())
        .requestCache(cache -> cache.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers("/v1/admin/tenants/{tenantId}/**")
                    .access(new TenantAccess())
                    .anyRequest()
                    .access(new TenantAccess()))
        .oauth2ResourceServer(
            oauth2 ->
                oauth2
                    .authenticationManagerResolver(request -> authenticator)
                    .authenticationEntryPoint(unauthorized)
                    .accessDeniedHandler(forbidden))
        .exceptionHandling(
            exceptions ->
                exceptions.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden));
    return http.build();
  }

  /** The decision described in the class comment. */
  static final class TenantAccess implements AuthorizationManager<RequestAuthorizationContext> {

    @Override
    public AuthorizationResult authorize(
        Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
      if (!(authentication.get() instanceof AdminAuthentication admin)) {
        return new AuthorizationDecision(false);
      }
      HttpServletRequest request = context.getRequest();
      String tenantId = context.getVariables().get("tenantId");
      AdminPrincipal principal = admin.getPrincipal();
      boolean read = READ_METHODS.contains(request.getMethod());
      return new AuthorizationDecision(
          read ? principal.mayRead(tenantId) : principal.mayWrite(tenantId));
    }
  }
}

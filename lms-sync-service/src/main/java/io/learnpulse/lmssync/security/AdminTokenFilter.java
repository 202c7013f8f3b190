package io.learnpulse.lmssync.security;

import io.learnpulse.lmssync.LmsSyncProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards {@code /v1/admin/**} with the configured admin bearer token, until the admin API moves to
 * OIDC. Missing or wrong tokens get 401 problem+json.
 */
@Component
class AdminTokenFilter extends OncePerRequestFilter {

  private final BearerTokens tokens;

  AdminTokenFilter(LmsSyncProperties properties) {
    this.tokens = new BearerTokens(properties.adminToken());
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return !(path.equals("/v1/admin") || path.startsWith("/v1/admin/"));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!tokens.isAdmin(request.getHeader("Authorization"))) {
      Problems.write(response, 401, "Unauthorized", "A valid admin bearer token is required.");
      return;
    }
    chain.doFilter(request, response);
  }
}

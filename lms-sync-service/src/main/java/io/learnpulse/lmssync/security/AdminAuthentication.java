package io.learnpulse.lmssync.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An authenticated admin API caller. */
final class AdminAuthentication extends AbstractAuthenticationToken {

  private final AdminPrincipal principal;

  AdminAuthentication(AdminPrincipal principal) {
    super(
        principal.roles().stream()
            .sorted()
            .map(role -> new SimpleGrantedAuthority("ROLE_" + role))
            .toList());
    this.principal = principal;
    setAuthenticated(true);
  }

  @Override
  public AdminPrincipal getPrincipal() {
    return principal;
  }

  @Override
  public Object getCredentials() {
    return "";
  }

  @Override
  public String getName() {
    return principal.subject();
  }
}

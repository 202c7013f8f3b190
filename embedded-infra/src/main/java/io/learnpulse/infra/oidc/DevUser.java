package io.learnpulse.infra.oidc;

import java.util.List;
import java.util.Objects;

/**
 * A person the development issuer's sign-in page offers: whoever picks them gets an admin token
 * with their tenant and roles. Development only: there is no password.
 *
 * @param subject {@code sub}
 * @param name display name shown on the sign-in page and put in the ID token
 * @param tenant {@code tenant} claim (a tenant id, or {@code *})
 * @param roles {@code roles} claim, e.g. {@code admin} or {@code analyst}
 */
public record DevUser(String subject, String name, String tenant, List<String> roles) {

  /** Checks the fields and copies the roles. */
  public DevUser {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(tenant, "tenant");
    roles = List.copyOf(roles);
  }
}

package io.learnpulse.console;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the admin console needs to sign in, served to it as {@code /console/config.json}.
 *
 * @param issuerUri the OpenID Connect issuer the console signs in with; when unset, the admin API's
 *     own issuer ({@code learnpulse.lms-sync.admin.issuer-uri})
 * @param clientId the console's client id at that issuer (a public client, PKCE), default {@code
 *     learnpulse-console}
 * @param scope the scope it asks for, default {@code openid}
 */
@ConfigurationProperties("learnpulse.console")
public record ConsoleProperties(String issuerUri, String clientId, String scope) {

  /** Fills the defaults. */
  public ConsoleProperties {
    clientId = clientId == null || clientId.isBlank() ? "learnpulse-console" : clientId;
    scope = scope == null || scope.isBlank() ? "openid" : scope;
  }
}

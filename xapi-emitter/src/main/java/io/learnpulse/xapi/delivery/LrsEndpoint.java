package io.learnpulse.xapi.delivery;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * Where and how to reach one tenant's LRS.
 *
 * @param baseUrl the LRS's xAPI base, e.g. {@code https://lrs.example.com/xAPI}; statements go to
 *     {@code <baseUrl>/statements}
 * @param username Basic-auth user (the LRS client key)
 * @param password Basic-auth password (the LRS client secret)
 */
public record LrsEndpoint(URI baseUrl, String username, String password) {

  /** Validates the endpoint. */
  public LrsEndpoint {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    String scheme = baseUrl.getScheme();
    if (!"https".equals(scheme) && !"http".equals(scheme)) {
      throw new IllegalArgumentException("an LRS endpoint is http(s): " + baseUrl);
    }
  }

  /** The statements resource. */
  public URI statements() {
    String base = baseUrl.toString();
    return URI.create((base.endsWith("/") ? base : base + "/") + "statements");
  }

  /** The Authorization header value. */
  public String authorization() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "LrsEndpoint[" + baseUrl + ", user " + username + "]";
  }
}

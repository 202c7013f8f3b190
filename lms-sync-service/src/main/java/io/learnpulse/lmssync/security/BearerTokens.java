package io.learnpulse.lmssync.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** Reads {@code Authorization: Bearer} headers and recognizes the admin token in constant time. */
public final class BearerTokens {

  private static final String PREFIX = "bearer ";

  private final byte[] adminToken;

  /** Recognizes {@code adminToken}. */
  public BearerTokens(String adminToken) {
    this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
  }

  /** The token of an {@code Authorization} header, if it is a non-empty bearer token. */
  public static Optional<String> token(String authorization) {
    if (authorization == null
        || authorization.length() <= PREFIX.length()
        || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return Optional.empty();
    }
    String token = authorization.substring(PREFIX.length()).trim();
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }

  /** True when the header carries the admin token. */
  public boolean isAdmin(String authorization) {
    return token(authorization)
        .map(t -> MessageDigest.isEqual(t.getBytes(StandardCharsets.UTF_8), adminToken))
        .orElse(false);
  }
}

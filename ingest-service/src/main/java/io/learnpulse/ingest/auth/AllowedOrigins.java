package io.learnpulse.ingest.auth;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The browser origins a session token lets the player send from (its {@code orig} claim, the
 * tenant's player origins). A request without an {@code Origin} header is not a browser's
 * cross-origin request and is always allowed; one with an Origin must name a listed origin. A token
 * without the claim (issued before it existed) allows no Origin at all. Origins compare as their
 * ASCII serialization, ignoring case and a trailing slash in the claim; the opaque origin {@code
 * null} (sandboxed frames, {@code file:} pages) is never allowed, whatever the claim says, because
 * any page can produce it.
 */
final class AllowedOrigins {

  private static final String OPAQUE = "null";

  private final Optional<List<String>> origins;

  private AllowedOrigins(Optional<List<String>> origins) {
    this.origins = origins.map(list -> list.stream().map(AllowedOrigins::normalize).toList());
  }

  /** The origins of a token's claim; empty when the token has no {@code orig} claim. */
  static AllowedOrigins of(Optional<List<String>> claim) {
    return new AllowedOrigins(claim);
  }

  /** True when a request carrying {@code originHeader} (null when absent) may be served. */
  boolean allows(String originHeader) {
    if (originHeader == null) {
      return true;
    }
    String origin = normalize(originHeader);
    if (origin.isEmpty() || origin.equals(OPAQUE)) {
      return false;
    }
    return origins.map(list -> list.contains(origin)).orElse(false);
  }

  private static String normalize(String origin) {
    String trimmed = origin.trim();
    if (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed.toLowerCase(Locale.ROOT);
  }
}

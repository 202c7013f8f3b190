package io.learnpulse.infra.oidc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Pattern;

/**
 * The development issuer's sign-in: OAuth 2.0 Authorization Code with PKCE (RFC 7636, {@code S256}
 * only) for public clients such as the admin console. {@code /authorize} shows a page listing the
 * registered {@link DevUser}s (no password: picking one is signing in) and redirects back with a
 * one-time code; {@code /token} exchanges the code for the same admin access token {@link
 * DevIssuer#mint} issues, after checking the client id, the redirect URI and the code verifier.
 *
 * <p>Codes live {@link #CODE_TTL} and are removed on first use, whether the exchange succeeds or
 * not, so a replayed code never works. Redirect URIs must match a registered one exactly, and an
 * unknown client or redirect URI is answered with an error page, never a redirect (no open
 * redirector).
 */
final class DevLogin {

  /** Lifetime of an authorization code. */
  static final Duration CODE_TTL = Duration.ofSeconds(60);

  /** Lifetime of the tokens the code exchange issues. */
  static final Duration TOKEN_TTL = Duration.ofHours(1);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
  private static final Pattern CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

  private final DevIssuer issuer;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, DevUser> users = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> clients = new ConcurrentHashMap<>();
  private final Map<String, Grant> codes = new ConcurrentHashMap<>();

  /** What a code stands for until it is exchanged. */
  private record Grant(
      String clientId,
      String redirectUri,
      String challenge,
      String nonce,
      DevUser user,
      Instant expiresAt) {}

  /** Why an exchange is refused: the OAuth error code and a description. */
  private record Refusal(String error, String description) {}

  DevLogin(DevIssuer issuer, Clock clock) {
    this.issuer = issuer;
    this.clock = clock;
  }

  void addUser(DevUser user) {
    users.put(user.subject(), user);
  }

  void registerClient(String clientId, URI redirectUri) {
    clients
        .computeIfAbsent(clientId, id -> new CopyOnWriteArraySet<>())
        .add(redirectUri.toString());
  }

  // ------------------------------------------------------------------ /authorize

  void authorize(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      Map<String, String> params;
      if ("GET".equals(method)) {
        params = form(exchange.getRequestURI().getRawQuery());
      } else if ("POST".equals(method)) {
        params = form(body(exchange));
      } else {
        exchange.getResponseHeaders().set("Allow", "GET, POST");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      String clientId = params.getOrDefault("client_id", "");
      String redirectUri = params.getOrDefault("redirect_uri", "");
      if (!clients.getOrDefault(clientId, Set.of()).contains(redirectUri)) {
        page(
            exchange,
            400,
            "Sign-in refused",
            "<p>The client <code>"
                + html(clientId)
                + "</code> with the redirect URI <code>"
                + html(redirectUri)
                + "</code> is not registered with this issuer.</p>");
        return;
      }
      String state = params.get("state");
      if (!"code".equals(params.get("response_type"))) {
        redirect(exchange, redirectUri, state, Map.of("error", "unsupported_response_type"));
        return;
      }
      String challenge = params.getOrDefault("code_challenge", "");
      if (!"S256".equals(params.get("code_challenge_method"))
          || !CHALLENGE.matcher(challenge).matches()) {
        redirect(
            exchange,
            redirectUri,
            state,
            Map.of(
                "error",
                "invalid_request",
                "error_description",
                "PKCE with code_challenge_method S256 is required"));
        return;
      }
      if ("GET".equals(method)) {
        page(exchange, 200, "Sign in to LearnPulse", picker(params));
        return;
      }
      if (params.containsKey("cancel")) {
        redirect(exchange, redirectUri, state, Map.of("error", "access_denied"));
        return;
      }
      DevUser user = users.get(params.getOrDefault("user", ""));
      if (user == null) {
        page(exchange, 400, "Sign-in refused", "<p>No such user.</p>");
        return;
      }
      String code = randomToken();
      Instant now = clock.instant();
      codes.values().removeIf(grant -> grant.expiresAt().isBefore(now));
      codes.put(
          code,
          new Grant(
              clientId, redirectUri, challenge, params.get("nonce"), user, now.plus(CODE_TTL)));
      Map<String, String> answer = new LinkedHashMap<>();
      answer.put("code", code);
      answer.put("iss", issuer.issuerUri().toString());
      redirect(exchange, redirectUri, state, answer);
    }
  }

  private String picker(Map<String, String> params) {
    StringBuilder out = new StringBuilder();
    out.append(
        "<p>This is LearnPulse's <strong>development</strong> issuer: pick a demo user to sign"
            + " in as. There is no password; never deploy it.</p>\n");
    out.append("<form method=\"post\" action=\"/authorize\">\n");
    for (String name :
        new String[] {
          "client_id",
          "redirect_uri",
          "response_type",
          "code_challenge",
          "code_challenge_method",
          "state",
          "nonce",
          "scope"
        }) {
      if (params.containsKey(name)) {
        out.append("<input type=\"hidden\" name=\"")
            .append(name)
            .append("\" value=\"")
            .append(html(params.get(name)))
            .append("\">\n");
      }
    }
    out.append("<fieldset><legend>Demo users</legend>\n<ul>\n");
    if (users.isEmpty()) {
      out.append("<li>No demo users are registered with this issuer.</li>\n");
    }
    boolean first = true;
    for (DevUser user :
        users.values().stream()
            .sorted(java.util.Comparator.comparing(DevUser::tenant).thenComparing(DevUser::subject))
            .toList()) {
      out.append("<li><button type=\"submit\" name=\"user\" value=\"")
          .append(html(user.subject()))
          .append('"')
          .append(first ? " autofocus" : "")
          .append(">")
          .append(html(user.name()))
          .append(" <span class=\"meta\">tenant ")
          .append(html(user.tenant()))
          .append(" · ")
          .append(html(String.join(", ", user.roles())))
          .append("</span></button></li>\n");
      first = false;
    }
    out.append("</ul>\n</fieldset>\n");
    out.append(
        "<button type=\"submit\" name=\"cancel\" value=\"1\" class=\"cancel\">Cancel</button>");
    out.append("\n</form>");
    return out.toString();
  }

  // ------------------------------------------------------------------ /token

  void token(HttpExchange exchange) throws IOException {
    try (exchange) {
      String origin = exchange.getRequestHeaders().getFirst("Origin");
      if (origin != null && allowedOrigin(origin)) {
        exchange.getResponseHeaders().set("Access-Control-Allow-Origin", origin);
        exchange.getResponseHeaders().set("Vary", "Origin");
      }
      if ("OPTIONS".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Access-Control-Allow-Methods", "POST");
        exchange.getResponseHeaders().set("Access-Control-Allow-Headers", "Content-Type");
        exchange.sendResponseHeaders(204, -1);
        return;
      }
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "POST, OPTIONS");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      Map<String, String> params = form(body(exchange));
      if (!"authorization_code".equals(params.get("grant_type"))) {
        json(
            exchange,
            400,
            error(new Refusal("unsupported_grant_type", "only authorization_code is supported")));
        return;
      }
      for (String required : new String[] {"code", "redirect_uri", "client_id", "code_verifier"}) {
        if (params.getOrDefault(required, "").isEmpty()) {
          json(exchange, 400, error(new Refusal("invalid_request", required + " is required")));
          return;
        }
      }
      // Removed before any check: a code is spent by its first use, right or wrong.
      Grant grant = codes.remove(params.get("code"));
      Refusal refusal = refusal(grant, params);
      if (refusal != null) {
        json(exchange, 400, error(refusal));
        return;
      }
      DevUser user = grant.user();
      Map<String, Object> access = new LinkedHashMap<>();
      access.put("tenant", user.tenant());
      access.put("roles", user.roles());
      access.put("name", user.name());
      access.put("client_id", grant.clientId());
      Map<String, Object> identity = new LinkedHashMap<>(access);
      identity.put("aud", grant.clientId());
      identity.put("azp", grant.clientId());
      if (grant.nonce() != null) {
        identity.put("nonce", grant.nonce());
      }
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("access_token", issuer.mint(user.subject(), TOKEN_TTL, access));
      answer.put("token_type", "Bearer");
      answer.put("expires_in", TOKEN_TTL.toSeconds());
      answer.put("id_token", issuer.mint(user.subject(), TOKEN_TTL, identity));
      answer.put("scope", "openid");
      json(exchange, 200, answer);
    }
  }

  private Refusal refusal(Grant grant, Map<String, String> params) {
    if (grant == null) {
      return new Refusal("invalid_grant", "unknown, used or expired code");
    }
    if (!grant.expiresAt().isAfter(clock.instant())) {
      return new Refusal("invalid_grant", "the code has expired");
    }
    if (!grant.clientId().equals(params.get("client_id"))) {
      return new Refusal("invalid_grant", "the code was issued to another client");
    }
    if (!grant.redirectUri().equals(params.get("redirect_uri"))) {
      return new Refusal("invalid_grant", "redirect_uri differs from the authorization request");
    }
    String verifier = params.get("code_verifier");
    if (!VERIFIER.matcher(verifier).matches()
        || !MessageDigest.isEqual(
            s256(verifier).getBytes(StandardCharsets.US_ASCII),
            grant.challenge().getBytes(StandardCharsets.US_ASCII))) {
      return new Refusal("invalid_grant", "code_verifier does not match the code_challenge");
    }
    return null;
  }

  private boolean allowedOrigin(String origin) {
    return clients.values().stream()
        .flatMap(Set::stream)
        .map(URI::create)
        .anyMatch(uri -> origin.equals(uri.getScheme() + "://" + uri.getRawAuthority()));
  }

  // ------------------------------------------------------------------ helpers

  static String s256(String verifier) {
    try {
      return BASE64URL.encodeToString(
          MessageDigest.getInstance("SHA-256")
              .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String randomToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return BASE64URL.encodeToString(bytes);
  }

  private static Map<String, Object> error(Refusal refusal) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", refusal.error());
    body.put("error_description", refusal.description());
    return body;
  }

  private static String body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      return new String(in.readNBytes(16_384), StandardCharsets.UTF_8);
    }
  }

  private static Map<String, String> form(String raw) {
    Map<String, String> params = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.putIfAbsent(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return params;
  }

  private static void redirect(
      HttpExchange exchange, String redirectUri, String state, Map<String, String> params)
      throws IOException {
    StringBuilder location = new StringBuilder(redirectUri);
    char separator = redirectUri.contains("?") ? '&' : '?';
    Map<String, String> all = new LinkedHashMap<>(params);
    if (state != null) {
      all.put("state", state);
    }
    for (Map.Entry<String, String> param : all.entrySet()) {
      location
          .append(separator)
          .append(URLEncoder.encode(param.getKey(), StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(param.getValue(), StandardCharsets.UTF_8));
      separator = '&';
    }
    exchange.getResponseHeaders().set("Location", location.toString());
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(302, -1);
  }

  private static void json(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static void page(HttpExchange exchange, int status, String title, String content)
      throws IOException {
    String document =
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            + "<title>"
            + html(title)
            + " · LearnPulse development issuer</title>\n<style>\n"
            + "body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f4f6fa;color:#1b2330}\n"
            + "main{max-width:34rem;margin:4rem auto;background:#fff;padding:2rem;"
            + "border-radius:8px;box-shadow:0 1px 4px #0002}\n"
            + "fieldset{border:0;padding:0;margin:1rem 0}legend{font-weight:600}\n"
            + "ul{list-style:none;padding:0}li{margin:.5rem 0}\n"
            + "button{font:inherit;width:100%;text-align:left;padding:.75rem 1rem;border:1px solid"
            + " #8a94a6;border-radius:6px;background:#fff;color:#1b2330;cursor:pointer}\n"
            + "button:hover,button:focus{background:#e8effd;outline:3px solid #1d4ed8;"
            + "outline-offset:1px}\n"
            + ".meta{display:block;color:#4a5568;font-size:.875rem}\n"
            + "button.cancel{width:auto;text-align:center}\n</style>\n</head>\n<body>\n<main>\n"
            + "<h1>"
            + html(title)
            + "</h1>\n"
            + content
            + "\n</main>\n</body>\n</html>\n";
    byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static String html(String text) {
    if (text == null) {
      return "";
    }
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}

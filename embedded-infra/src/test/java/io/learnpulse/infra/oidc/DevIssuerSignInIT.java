package io.learnpulse.infra.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The development issuer's Authorization Code + PKCE sign-in over real HTTP: the user picker, the
 * one-time code and what the token endpoint refuses.
 */
class DevIssuerSignInIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CLIENT = "learnpulse-console";
  private static final URI REDIRECT = URI.create("http://127.0.0.1:9/console/");
  private static final String VERIFIER = "verifier-" + "x".repeat(50);

  private final HttpClient http = HttpClient.newHttpClient();
  private final MovableClock clock = new MovableClock();
  private DevIssuer issuer;

  @BeforeEach
  void start() {
    issuer =
        DevIssuer.start(0, null, clock)
            .addUser(new DevUser("demo-admin", "Dana Admin", "demo", List.of("admin")))
            .addUser(new DevUser("demo-analyst", "Ari Analyst", "demo", List.of("analyst")))
            .registerClient(CLIENT, REDIRECT);
  }

  @AfterEach
  void stop() {
    issuer.close();
  }

  @Test
  void discoveryNamesTheAuthorizationAndTokenEndpoints() throws Exception {
    HttpResponse<String> response = get(issuer.issuerUri() + "/.well-known/openid-configuration");
    JsonNode discovery = JSON.readTree(response.body());

    assertThat(discovery.path("authorization_endpoint").asText())
        .isEqualTo(issuer.issuerUri() + "/authorize");
    assertThat(discovery.path("token_endpoint").asText()).isEqualTo(issuer.issuerUri() + "/token");
    assertThat(discovery.path("code_challenge_methods_supported").get(0).asText())
        .isEqualTo("S256");
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
  }

  @Test
  void signsInThePickedUserWithCodeAndPkce() throws Exception {
    HttpResponse<String> page = get(issuer.issuerUri() + "/authorize?" + query(authorizeParams()));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Dana Admin", "Ari Analyst", "tenant demo", "autofocus");

    Map<String, String> redirect = pick("demo-analyst");
    assertThat(redirect).containsEntry("state", "s-1").containsKey("code");
    assertThat(redirect.get("iss")).isEqualTo(issuer.issuerUri().toString());

    HttpResponse<String> token = exchange(redirect.get("code"), VERIFIER, CLIENT, REDIRECT);
    assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
    JsonNode answer = JSON.readTree(token.body());
    assertThat(answer.path("token_type").asText()).isEqualTo("Bearer");
    assertThat(answer.path("expires_in").asLong()).isEqualTo(3600);
    JsonNode claims = claims(answer.path("access_token").asText());
    assertThat(claims.path("sub").asText()).isEqualTo("demo-analyst");
    assertThat(claims.path("tenant").asText()).isEqualTo("demo");
    assertThat(claims.path("roles").get(0).asText()).isEqualTo("analyst");
    assertThat(claims.path("aud").asText()).isEqualTo(DevIssuer.AUDIENCE);
    assertThat(claims.path("iss").asText()).isEqualTo(issuer.issuerUri().toString());
    JsonNode identity = claims(answer.path("id_token").asText());
    assertThat(identity.path("aud").asText()).isEqualTo(CLIENT);
    assertThat(identity.path("nonce").asText()).isEqualTo("n-1");
    assertThat(identity.path("name").asText()).isEqualTo("Ari Analyst");
    assertThat(token.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("http://127.0.0.1:9");
  }

  @Test
  void refusesAWrongVerifierAndTheCodeIsSpent() throws Exception {
    String code = pick("demo-admin").get("code");

    HttpResponse<String> wrong = exchange(code, "wrong-" + "y".repeat(50), CLIENT, REDIRECT);
    HttpResponse<String> right = exchange(code, VERIFIER, CLIENT, REDIRECT);

    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(wrong.body()).path("error").asText()).isEqualTo("invalid_grant");
    assertThat(right.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(right.body()).path("error").asText()).isEqualTo("invalid_grant");
  }

  @Test
  void refusesAReusedCode() throws Exception {
    String code = pick("demo-admin").get("code");

    HttpResponse<String> first = exchange(code, VERIFIER, CLIENT, REDIRECT);
    HttpResponse<String> second = exchange(code, VERIFIER, CLIENT, REDIRECT);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(second.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(second.body()).path("error").asText()).isEqualTo("invalid_grant");
    assertThat(second.body()).doesNotContain("access_token");
  }

  @Test
  void refusesAnotherRedirectUriOrClient() throws Exception {
    HttpResponse<String> otherRedirect =
        exchange(
            pick("demo-admin").get("code"),
            VERIFIER,
            CLIENT,
            URI.create("http://127.0.0.1:9/elsewhere/"));
    HttpResponse<String> otherClient =
        exchange(pick("demo-admin").get("code"), VERIFIER, "someone-else", REDIRECT);

    assertThat(otherRedirect.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(otherRedirect.body()).path("error").asText())
        .isEqualTo("invalid_grant");
    assertThat(otherClient.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(otherClient.body()).path("error").asText()).isEqualTo("invalid_grant");
  }

  @Test
  void refusesAnExpiredCode() throws Exception {
    String code = pick("demo-admin").get("code");
    clock.advance(DevLogin.CODE_TTL.plusSeconds(1));

    HttpResponse<String> token = exchange(code, VERIFIER, CLIENT, REDIRECT);

    assertThat(token.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(token.body()).path("error").asText()).isEqualTo("invalid_grant");
  }

  @Test
  void neverRedirectsToAnUnregisteredUri() throws Exception {
    Map<String, String> params = authorizeParams();
    params.put("redirect_uri", "https://attacker.example/");

    HttpResponse<String> page = get(issuer.issuerUri() + "/authorize?" + query(params));

    assertThat(page.statusCode()).isEqualTo(400);
    assertThat(page.headers().firstValue("Location")).isEmpty();
    assertThat(page.body()).contains("not registered");
  }

  @Test
  void requiresPkceWithS256() throws Exception {
    Map<String, String> params = authorizeParams();
    params.put("code_challenge_method", "plain");

    HttpResponse<String> answer = get(issuer.issuerUri() + "/authorize?" + query(params));

    assertThat(answer.statusCode()).isEqualTo(302);
    Map<String, String> redirect = redirectParams(answer);
    assertThat(redirect).containsEntry("error", "invalid_request").containsEntry("state", "s-1");
    assertThat(redirect).doesNotContainKey("code");
  }

  // ------------------------------------------------------------------ helpers

  private Map<String, String> authorizeParams() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("response_type", "code");
    params.put("client_id", CLIENT);
    params.put("redirect_uri", REDIRECT.toString());
    params.put("scope", "openid");
    params.put("state", "s-1");
    params.put("nonce", "n-1");
    params.put("code_challenge", DevLogin.s256(VERIFIER));
    params.put("code_challenge_method", "S256");
    return params;
  }

  /** Submits the picker form as the browser would and returns the redirect's parameters. */
  private Map<String, String> pick(String subject) throws Exception {
    Map<String, String> form = authorizeParams();
    form.put("user", subject);
    HttpResponse<String> answer = post(issuer.authorizationUri(), form, null);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
    assertThat(answer.headers().firstValue("Location").orElseThrow()).startsWith(REDIRECT + "?");
    return redirectParams(answer);
  }

  private HttpResponse<String> exchange(String code, String verifier, String client, URI redirect)
      throws Exception {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("redirect_uri", redirect.toString());
    form.put("client_id", client);
    form.put("code_verifier", verifier);
    return post(issuer.tokenUri(), form, "http://127.0.0.1:9");
  }

  private static Map<String, String> redirectParams(HttpResponse<String> answer) {
    String location = answer.headers().firstValue("Location").orElseThrow();
    Map<String, String> params = new HashMap<>();
    for (String pair : location.substring(location.indexOf('?') + 1).split("&")) {
      String[] parts = pair.split("=", 2);
      params.put(parts[0], URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
    }
    return params;
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(URI uri, Map<String, String> form, String origin)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(query(form)));
    if (origin != null) {
      request.header("Origin", origin);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String query(Map<String, String> params) {
    return params.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static JsonNode claims(String jwt) throws Exception {
    return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
  }

  /** A clock the test moves forward (code expiry). */
  private static final class MovableClock extends Clock {
    private volatile Instant now = Instant.now();

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}

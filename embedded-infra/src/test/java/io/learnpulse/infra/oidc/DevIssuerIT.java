package io.learnpulse.infra.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.learnpulse.infra.TestDirs;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class DevIssuerIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void publishesDiscoveryAndKeysThatVerifyTheTokensItMints() throws Exception {
    try (DevIssuer issuer = DevIssuer.start()) {
      JsonNode discovery = get(issuer.issuerUri() + "/.well-known/openid-configuration");
      String token = issuer.mint("ops", "acme", List.of("admin"), Duration.ofMinutes(5));

      assertThat(issuer.issuerUri().toString()).startsWith("http://127.0.0.1:");
      assertThat(discovery.path("issuer").asText()).isEqualTo(issuer.issuerUri().toString());
      assertThat(discovery.path("jwks_uri").asText()).isEqualTo(issuer.jwkSetUri().toString());
      JsonNode key = get(discovery.path("jwks_uri").asText()).path("keys").get(0);
      String[] parts = token.split("\\.");
      JsonNode header = decode(parts[0]);
      JsonNode claims = decode(parts[1]);
      assertThat(header.path("alg").asText()).isEqualTo("RS256");
      assertThat(header.path("kid").asText()).isEqualTo(key.path("kid").asText());
      assertThat(verifies(key, parts)).isTrue();
      assertThat(claims.path("iss").asText()).isEqualTo(issuer.issuerUri().toString());
      assertThat(claims.path("sub").asText()).isEqualTo("ops");
      assertThat(claims.path("aud").asText()).isEqualTo(DevIssuer.AUDIENCE);
      assertThat(claims.path("tenant").asText()).isEqualTo("acme");
      assertThat(claims.path("roles").get(0).asText()).isEqualTo("admin");
      assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(300);
      assertThat(Instant.ofEpochSecond(claims.path("iat").asLong()))
          .isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
    }
  }

  @Test
  void keepsItsKeyInTheKeyFileSoTokensSurviveARestart() throws Exception {
    Path keyFile = TestDirs.fresh("dev-issuer").resolve("keys/issuer-key.pem");
    String token;
    try (DevIssuer first = DevIssuer.start(0, keyFile)) {
      token = first.mint("ops", "*", List.of("admin"), Duration.ofHours(1));
    }
    try (DevIssuer second = DevIssuer.start(0, keyFile)) {
      JsonNode key = get(second.jwkSetUri().toString()).path("keys").get(0);
      assertThat(verifies(key, token.split("\\."))).isTrue();
    }
  }

  private JsonNode get(String url) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    return JSON.readTree(response.body());
  }

  private static JsonNode decode(String part) throws Exception {
    return JSON.readTree(Base64.getUrlDecoder().decode(part));
  }

  private static boolean verifies(JsonNode jwk, String[] parts) throws Exception {
    Base64.Decoder decoder = Base64.getUrlDecoder();
    PublicKey key =
        KeyFactory.getInstance("RSA")
            .generatePublic(
                new RSAPublicKeySpec(
                    new BigInteger(1, decoder.decode(jwk.path("n").asText())),
                    new BigInteger(1, decoder.decode(jwk.path("e").asText()))));
    Signature rsa = Signature.getInstance("SHA256withRSA");
    rsa.initVerify(key);
    rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    return rsa.verify(decoder.decode(parts[2]));
  }
}

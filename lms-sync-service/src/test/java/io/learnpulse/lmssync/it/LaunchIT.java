package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.learnpulse.events.v1.AssignmentPolicy;
import io.learnpulse.events.v1.SessionResumed;
import io.learnpulse.events.v1.SessionStarted;
import io.learnpulse.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LaunchIT extends LmsSyncITSupport {

  @Test
  void launchCreatesRegistrationAndSessionAndASecondLaunchResumesIt() throws Exception {
    String tenant = unique("acme");
    String assignment = unique("secure-coding");
    tenantWithAssignment(tenant, assignment);
    String descriptor = descriptor(tenant, assignment, "SCORM_2004_4TH");

    Answer first = launch(descriptor, "learner-1");
    Answer second = launch(descriptor, "learner-1");

    assertThat(first.status()).as(first.raw()).isEqualTo(201);
    assertThat(second.status()).as(second.raw()).isEqualTo(201);
    String registration = first.body().path("registrationId").asText();
    assertThat(second.body().path("registrationId").asText()).isEqualTo(registration);
    assertThat(second.body().path("sessionId").asText())
        .isNotEqualTo(first.body().path("sessionId").asText());
    assertThat(first.body().path("resume").path("entry").asText()).isEqualTo("ab-initio");
    assertThat(second.body().path("resume").path("entry").asText()).isEqualTo("resume");
    assertThat(first.body().path("scormVersion").asText()).isEqualTo("SCORM_2004_4TH");
    assertThat(
            jdbc.sql("select count(*) from registrations where tenant_id = :t")
                .param("t", tenant)
                .query(Long.class)
                .single())
        .isEqualTo(1);
    assertThat(
            jdbc.sql("select state from sessions where registration_id = :r order by started_at")
                .param("r", UUID.fromString(registration))
                .query(String.class)
                .list())
        .containsExactly("SUSPENDED", "ACTIVE");

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(recordsWithKey(Topics.ACTIVITY.name(), registration))
                    .extracting(r -> (Object) r.value().getClass())
                    .containsExactly((Object) SessionStarted.class, SessionResumed.class));
    assertThat(recordsWithKey(Topics.ASSIGNMENT.name(), assignment))
        .singleElement()
        .satisfies(
            r -> {
              AssignmentPolicy policy = (AssignmentPolicy) r.value();
              assertThat(policy.getVersion()).isEqualTo(1);
              assertThat(policy.getTenantId()).isEqualTo(tenant);
              assertThat(
                      new String(
                          r.headers().lastHeader("ce_source").value(), StandardCharsets.UTF_8))
                  .isEqualTo("lms-sync-service");
            });
  }

  @Test
  void issuesASessionTokenThatVerifiesAgainstTheJwksAndABridgeTokenOnlyThisServiceVerifies()
      throws Exception {
    String tenant = unique("acme");
    String assignment = unique("tokens");
    tenantWithAssignment(tenant, assignment);
    Answer launched = launch(descriptor(tenant, assignment, "SCORM_12"), "learner-7");
    Answer jwks = call("GET", "/.well-known/jwks.json", null, null);

    RSAKey key = JWKSet.parse(jwks.raw()).getKeys().get(0).toRSAKey();
    SignedJWT session = SignedJWT.parse(launched.body().path("sessionToken").asText());
    SignedJWT bridge = SignedJWT.parse(launched.body().path("bridgeToken").asText());

    assertThat(session.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
    assertThat(session.verify(new RSASSAVerifier(key))).isTrue();
    assertThat(bridge.getHeader().getAlgorithm())
        .as("ADR 41: verified by lms-sync alone, so an HMAC instead of a second RSA signature")
        .isEqualTo(JWSAlgorithm.HS256);
    assertThat(session.getJWTClaimsSet().getAudience()).containsExactly("learnpulse-ingest");
    assertThat(bridge.getJWTClaimsSet().getAudience()).containsExactly("learnpulse-bridge");
    assertThat(session.getJWTClaimsSet().getClaims())
        .containsEntry("sub", "learner-7")
        .containsEntry("tid", tenant)
        .containsEntry("aid", assignment)
        .containsEntry("top", "t")
        .containsEntry("ver", "SCORM_12")
        .containsEntry("reg", launched.body().path("registrationId").asText())
        .containsEntry("sid", launched.body().path("sessionId").asText());
    assertThat(bridge.getJWTClaimsSet().getClaims())
        .containsEntry("reg", launched.body().path("registrationId").asText())
        .containsEntry("sid", launched.body().path("sessionId").asText())
        .doesNotContainKey("orig");
    assertThat(session.getJWTClaimsSet().getStringListClaim("orig"))
        .as("the tenant's allowed player origins, for ingest-service to enforce")
        .containsExactly("https://player.example");

    String summary =
        "/v1/registrations/" + launched.body().path("registrationId").asText() + "/scorm";
    assertThat(call("GET", summary, bridge.serialize(), null).status()).isEqualTo(200);
    // The same claims under an HMAC key that is not lms-sync's: the public key's bytes (the
    // algorithm confusion attack) and a key of the attacker's own.
    JWTClaimsSet claims = bridge.getJWTClaimsSet();
    for (byte[] secret :
        new byte[][] {
          key.toRSAPublicKey().getEncoded(),
          "an attacker's own key of 32 bytes!".getBytes(StandardCharsets.US_ASCII)
        }) {
      SignedJWT forged = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
      forged.sign(new MACSigner(secret));
      assertThat(call("GET", summary, forged.serialize(), null).status())
          .as("a bridge token under another HMAC key")
          .isEqualTo(401);
    }
  }

  @Test
  void rejectsAForgedDescriptorAndCreatesNothing() throws Exception {
    String tenant = unique("acme");
    String assignment = unique("forged");
    tenantWithAssignment(tenant, assignment);
    String genuine = descriptor(tenant, assignment, "SCORM_12");
    String[] parts = genuine.split("\\.");
    String otherClaims =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                ("{\"tid\":\""
                        + tenant
                        + "\",\"aid\":\""
                        + assignment
                        + "\",\"top\":\"t\","
                        + "\"ver\":\"SCORM_2004_4TH\"}")
                    .getBytes(StandardCharsets.UTF_8));

    Answer tampered = launch(parts[0] + "." + otherClaims + "." + parts[2], "mallory");
    Answer garbage = launch("not-a-jws", "mallory");
    Answer unsigned = launch(parts[0] + "." + parts[1] + ".", "mallory");

    assertThat(tampered.status()).as(tampered.raw()).isEqualTo(401);
    assertThat(tampered.contentType()).startsWith("application/problem+json");
    assertThat(garbage.status()).isEqualTo(401);
    assertThat(unsigned.status()).isEqualTo(401);
    assertNothingCreatedFor(tenant);
  }

  @Test
  void rejectsDescriptorsThatCrossTenantsAndCreatesNothing() throws Exception {
    String victim = unique("victim");
    String victimAssignment = unique("victim-course");
    tenantWithAssignment(victim, victimAssignment);
    String attacker = unique("attacker");
    String attackerAssignment = unique("attacker-course");
    tenantWithAssignment(attacker, attackerAssignment);
    byte[] attackerSecret =
        jdbc.sql("select descriptor_secret from tenants where id = :id")
            .param("id", attacker)
            .query(byte[].class)
            .single();

    Answer speaksForVictim =
        launch(signed(attacker, attackerSecret, victim, victimAssignment), "mallory");
    Answer victimsAssignment =
        launch(signed(attacker, attackerSecret, attacker, victimAssignment), "mallory");
    Answer unknownSigner =
        launch(signed(unique("nobody"), attackerSecret, victim, victimAssignment), "mallory");

    assertThat(speaksForVictim.status()).as(speaksForVictim.raw()).isEqualTo(403);
    assertThat(victimsAssignment.status()).as(victimsAssignment.raw()).isEqualTo(403);
    assertThat(unknownSigner.status()).as(unknownSigner.raw()).isEqualTo(401);
    assertNothingCreatedFor(victim);
    assertNothingCreatedFor(attacker);
  }

  @Test
  void adminApiRejectsMissingOrWrongTokens() throws Exception {
    Map<String, Object> body = Map.of("name", "x", "playerOrigins", java.util.List.of());

    Answer missing = call("PUT", "/v1/admin/tenants/" + unique("t"), null, body);
    Answer wrong = call("PUT", "/v1/admin/tenants/" + unique("t"), "wrong-token", body);

    assertThat(missing.status()).isEqualTo(401);
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(missing.contentType()).startsWith("application/problem+json");
    assertThat(missing.body().path("status").asInt()).isEqualTo(401);
  }

  private static String signed(String signer, byte[] secret, String tenant, String assignment)
      throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256)
                .type(new JOSEObjectType("lp-descriptor+jwt"))
                .keyID(signer)
                .build(),
            new JWTClaimsSet.Builder()
                .claim("tid", tenant)
                .claim("aid", assignment)
                .claim("top", "t")
                .claim("ver", "SCORM_12")
                .build());
    jwt.sign(new MACSigner(secret));
    return jwt.serialize();
  }

  private void assertNothingCreatedFor(String tenant) {
    assertThat(
            jdbc.sql(
                    """
                    select count(*) from sessions s join registrations r on r.id = s.registration_id
                    where r.tenant_id = :t
                    """)
                .param("t", tenant)
                .query(Long.class)
                .single())
        .isZero();
    assertThat(
            jdbc.sql("select count(*) from registrations where tenant_id = :t")
                .param("t", tenant)
                .query(Long.class)
                .single())
        .isZero();
  }
}

package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.schemas.wire.ProblemType;
import org.junit.jupiter.api.Test;

/**
 * Without {@code learnpulse.lms-sync.internal-token} (the other ITs' configuration) the internal
 * API answers 404 to any token, even for a tenant whose LRS settings are enabled.
 */
class InternalApiDisabledIT extends LmsSyncITSupport {

  @Test
  void internalApiIs404WithoutAConfiguredToken() throws Exception {
    String tenant = unique("acme");
    tenantWithAssignment(tenant, unique("a"));
    Answer put = call("PUT", TenantLrsIT.lrsPath(tenant), ADMIN_TOKEN, TenantLrsIT.enabledBody());
    assertThat(put.status()).as(put.raw()).isEqualTo(200);

    for (String token : new String[] {null, "", TenantLrsIT.INTERNAL, ADMIN_TOKEN}) {
      Answer answer = call("GET", TenantLrsIT.internalPath(tenant), token, null);
      assertThat(answer.status()).as("token %s: %s", token, answer.raw()).isEqualTo(404);
      assertThat(answer.raw()).doesNotContain("lrs-secret");
      assertThat(answer.body().path("type").asText())
          .as("not the type of an unknown tenant: xapi-emitter must not read it as 'no xAPI'")
          .isEqualTo(ProblemType.NOT_ENABLED.uri().toString());
    }
  }
}

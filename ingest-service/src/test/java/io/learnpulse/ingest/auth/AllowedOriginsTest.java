package io.learnpulse.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AllowedOriginsTest {

  private final AllowedOrigins tenant =
      AllowedOrigins.of(
          Optional.of(List.of("https://lms.acme.example", "https://Player.Acme.example:8443/")));

  @Test
  void allowsARequestWithoutAnOriginWhateverTheToken() {
    assertThat(tenant.allows(null)).isTrue();
    assertThat(AllowedOrigins.of(Optional.empty()).allows(null)).isTrue();
  }

  @Test
  void allowsAListedOriginIgnoringCaseAndATrailingSlashInTheClaim() {
    assertThat(tenant.allows("https://lms.acme.example")).isTrue();
    assertThat(tenant.allows("https://player.acme.example:8443")).isTrue();
  }

  @Test
  void refusesAnOriginThatIsNotListedExactly() {
    assertThat(tenant.allows("https://evil.example")).isFalse();
    assertThat(tenant.allows("http://lms.acme.example")).as("another scheme").isFalse();
    assertThat(tenant.allows("https://lms.acme.example:444")).as("another port").isFalse();
    assertThat(tenant.allows("https://sub.lms.acme.example")).as("a subdomain").isFalse();
    assertThat(tenant.allows("https://player.acme.example")).as("the default port").isFalse();
  }

  @Test
  void neverAllowsTheOpaqueOrigin() {
    assertThat(AllowedOrigins.of(Optional.of(List.of("null"))).allows("null")).isFalse();
    assertThat(tenant.allows("")).isFalse();
  }

  @Test
  void aTokenWithoutTheClaimAllowsNoOrigin() {
    assertThat(AllowedOrigins.of(Optional.empty()).allows("https://lms.acme.example")).isFalse();
    assertThat(AllowedOrigins.of(Optional.of(List.of())).allows("https://lms.acme.example"))
        .isFalse();
  }
}

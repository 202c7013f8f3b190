package io.learnpulse.schemas.xapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class XapiUuidsTest {

  private static final UUID DNS = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

  @Test
  void matchesTheRfcVersion5Algorithm() {
    // the well-known v5 of "python.org" in the DNS namespace (also given by Python's uuid5)
    assertThat(XapiUuids.v5(DNS, "python.org"))
        .isEqualTo(UUID.fromString("886313e1-3b8a-5372-9b90-0c9aee199e5d"));
  }

  @Test
  void registrationIsAStableVersion5UuidDistinctPerRegistration() {
    UUID registration = UUID.fromString("f47ac10b-58cc-4372-a567-0e02b2c3d479");

    UUID xapi = XapiUuids.registration(registration);

    assertThat(XapiUuids.registration(registration)).isEqualTo(xapi);
    assertThat(xapi).isEqualTo(XapiUuids.of("registration:" + registration));
    assertThat(xapi).isNotEqualTo(XapiUuids.registration(UUID.randomUUID()));
    assertThat(xapi.version()).isEqualTo(5);
    assertThat(xapi.variant()).isEqualTo(2);
  }
}

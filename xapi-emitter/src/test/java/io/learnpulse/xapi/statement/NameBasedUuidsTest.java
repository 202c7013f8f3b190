package io.learnpulse.xapi.statement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class NameBasedUuidsTest {

  private static final UUID DNS = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

  @Test
  void matchesTheRfcVersion5Algorithm() {
    // the well-known v5 of "python.org" in the DNS namespace (also given by Python's uuid5)
    assertThat(NameBasedUuids.v5(DNS, "python.org"))
        .isEqualTo(UUID.fromString("886313e1-3b8a-5372-9b90-0c9aee199e5d"));
  }

  @Test
  void statementIdIsStablePerSourceAndKindAndDiffersAcrossKinds() {
    UUID event = UUID.fromString("f47ac10b-58cc-4372-a567-0e02b2c3d479");

    UUID launched = NameBasedUuids.statementId(event, StatementKind.LAUNCHED);

    assertThat(NameBasedUuids.statementId(event, StatementKind.LAUNCHED)).isEqualTo(launched);
    assertThat(NameBasedUuids.statementId(event, StatementKind.INITIALIZED)).isNotEqualTo(launched);
    assertThat(launched.version()).isEqualTo(5);
    assertThat(launched.variant()).isEqualTo(2);
  }
}

package io.learnpulse.xapi.statement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class NameBasedUuidsTest {

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

package io.learnpulse.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class WireFormatTest {

  @Test
  void readsTheBigEndianSchemaIdAfterTheMagicByte() {
    assertThat(WireFormat.schemaId(new byte[] {0, 0, 0, 1, 2, 42})).isEqualTo(258);
  }

  @Test
  void rejectsAPayloadWithAnotherMagicByte() {
    assertThatThrownBy(() -> WireFormat.schemaId(new byte[] {1, 0, 0, 0, 1}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("magic byte is 1");
  }

  @Test
  void rejectsAPayloadShorterThanTheHeader() {
    assertThatThrownBy(() -> WireFormat.schemaId(new byte[] {0, 0}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("2 bytes");
  }
}

package io.learnpulse.schemas.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/** The Confluent wire format: magic byte 0, a 4-byte big-endian schema id, then Avro binary. */
public final class WireFormat {

  /** The magic byte of the format. */
  public static final byte MAGIC_BYTE = 0;

  /** Bytes before the Avro payload. */
  public static final int HEADER_SIZE = 5;

  private WireFormat() {}

  /** The schema id of a framed payload. */
  public static int schemaId(byte[] framed) {
    if (framed == null || framed.length < HEADER_SIZE) {
      throw new SerializationException(
          "not in the Confluent wire format: "
              + (framed == null ? "null" : framed.length + " bytes")
              + ", need at least "
              + HEADER_SIZE);
    }
    if (framed[0] != MAGIC_BYTE) {
      throw new SerializationException(
          "not in the Confluent wire format: magic byte is " + framed[0] + ", expected 0");
    }
    return ByteBuffer.wrap(framed, 1, 4).getInt();
  }
}

package io.learnpulse.lmssync.kafka;

import io.learnpulse.schemas.serde.AvroTrust;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Plain Avro binary of contract records, without registry framing: how the Kafka outbox stores an
 * event until it is relayed, and the canonical bytes a content-derived event id is computed from.
 */
public final class AvroBytes {

  private AvroBytes() {}

  /** The Avro binary of {@code record}. */
  public static byte[] encode(SpecificRecord record) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    SpecificData model = SpecificData.getForClass(record.getClass());
    try {
      new SpecificDatumWriter<SpecificRecord>(record.getSchema(), model).write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Reads a record of the contract class {@code typeName} written by {@link #encode}. */
  public static SpecificRecord decode(String typeName, byte[] bytes) {
    if (!typeName.startsWith(AvroTrust.CONTRACT_PACKAGE)) {
      throw new IllegalArgumentException("not a contract type: " + typeName);
    }
    AvroTrust.trustContracts();
    Class<?> type;
    try {
      type = Class.forName(typeName);
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("unknown contract type: " + typeName, e);
    }
    SpecificData model = SpecificData.getForClass(type);
    Schema schema = model.getSchema(type);
    try {
      return new SpecificDatumReader<SpecificRecord>(schema, schema, model)
          .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.learnpulse.scoring.topology;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro single-object encoding (schema fingerprint in the header) for the contract records, with no
 * schema registry. Stands in for the registry serde in TopologyTestDriver tests until the embedded
 * registry of {@code embedded-infra} is available on main (see {@link TestSerdes}).
 */
public final class SingleObjectSerde<T extends SpecificRecord> implements Serde<T> {

  private final List<BinaryMessageDecoder<? extends SpecificRecord>> decoders;

  public SingleObjectSerde(List<Class<? extends SpecificRecord>> types) {
    this.decoders =
        types.stream()
            .<BinaryMessageDecoder<? extends SpecificRecord>>map(
                type ->
                    new BinaryMessageDecoder<>(
                        SpecificData.get(), SpecificData.get().getSchema(type)))
            .toList();
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, data) -> {
      if (data == null) {
        return null;
      }
      try {
        ByteBuffer buffer =
            new BinaryMessageEncoder<T>(SpecificData.get(), data.getSchema()).encode(data);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
      } catch (IOException e) {
        throw new SerializationException(e);
      }
    };
  }

  @Override
  @SuppressWarnings("unchecked")
  public Deserializer<T> deserializer() {
    return (topic, data) -> {
      if (data == null) {
        return null;
      }
      AvroRuntimeException last = null;
      for (BinaryMessageDecoder<? extends SpecificRecord> decoder : decoders) {
        try {
          return (T) decoder.decode(data);
        } catch (AvroRuntimeException e) {
          last = e; // another record type's fingerprint, or not single-object encoded at all
        } catch (IOException e) {
          throw new SerializationException("cannot read a record of topic " + topic, e);
        }
      }
      throw new SerializationException("cannot read a record of topic " + topic, last);
    };
  }
}

package io.learnpulse.schemas.serde;

import io.learnpulse.schemas.registry.SchemaRegistryClient;
import io.learnpulse.schemas.registry.SchemaRegistryException;
import io.learnpulse.schemas.registry.SchemaRegistryUnavailableException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-wire-format Avro. The writer's schema is fetched by the id in the payload (and
 * cached); with {@code specific.avro.reader} the record is resolved into the generated class of the
 * same full name, so a reader built on an older or newer compatible schema reads it; otherwise a
 * {@link org.apache.avro.generic.GenericRecord} (or primitive) is returned.
 *
 * @param <T> the type read
 */
public class AvroDeserializer<T> implements Deserializer<T> {

  private static final DecoderFactory DECODERS = DecoderFactory.get();

  private SchemaRegistryClient registry;
  private boolean specific;
  private boolean isKey;
  private final Map<Integer, Decoder> readers = new ConcurrentHashMap<>();

  /** For Kafka, which configures the instance through {@link #configure}. */
  public AvroDeserializer() {}

  /** A configured deserializer using {@code registry}. */
  public AvroDeserializer(SchemaRegistryClient registry, AvroSerdeConfig config, boolean isKey) {
    this.registry = registry;
    this.specific = config.specificReader();
    this.isKey = isKey;
    AvroTrust.trustContracts();
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    AvroSerdeConfig config = AvroSerdeConfig.from(configs);
    this.registry = config.newClient();
    this.specific = config.specificReader();
    this.isKey = isKey;
    AvroTrust.trustContracts();
  }

  @Override
  @SuppressWarnings("unchecked")
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (registry == null) {
      throw new IllegalStateException("AvroDeserializer used before configure()");
    }
    int id = WireFormat.schemaId(data);
    Decoder reader = readers.computeIfAbsent(id, this::readerFor);
    try {
      return (T)
          reader.read(
              DECODERS.binaryDecoder(
                  data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, null));
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "cannot read "
              + (isKey ? "key" : "value")
              + " of topic "
              + topic
              + " written with schema id "
              + id
              + ": "
              + e,
          e);
    }
  }

  private Decoder readerFor(int id) {
    Schema writer;
    try {
      writer = registry.schemaById(id);
    } catch (SchemaRegistryException e) {
      throw new SerializationException(
          e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND
              ? "schema id " + id + " is unknown to the schema registry"
              : "cannot fetch schema id " + id + ": " + e.getMessage(),
          e);
    } catch (SchemaRegistryUnavailableException e) {
      throw new SerializationException("cannot fetch schema id " + id + ": " + e.getMessage(), e);
    }
    if (specific && writer.getType() == Schema.Type.RECORD) {
      Class<?> type = SpecificData.get().getClass(writer);
      if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
        throw new SerializationException(
            "no generated class for " + writer.getFullName() + " (schema id " + id + ")");
      }
      SpecificData model = SpecificData.getForClass(type);
      DatumReader<Object> reader = new SpecificDatumReader<>(writer, model.getSchema(type), model);
      return in -> reader.read(null, in);
    }
    GenericDatumReader<Object> generic =
        new GenericDatumReader<>(writer, writer, GenericData.get());
    if (writer.getType() == Schema.Type.BYTES) {
      return in -> {
        ByteBuffer buffer = (ByteBuffer) generic.read(null, in);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
      };
    }
    if (writer.getType() == Schema.Type.STRING) {
      return in -> generic.read(null, in).toString();
    }
    return in -> generic.read(null, in);
  }

  /** Reads one datum. */
  @FunctionalInterface
  private interface Decoder {
    Object read(BinaryDecoder in) throws IOException;
  }
}

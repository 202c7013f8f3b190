package io.learnpulse.schemas.serde;

import io.learnpulse.schemas.registry.SchemaRegistryClient;
import io.learnpulse.schemas.registry.SchemaRegistryException;
import io.learnpulse.schemas.registry.SchemaRegistryUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro values or keys in the Confluent wire format. Generated (specific) records, generic
 * records and the Avro primitives (String, Integer, Long, Float, Double, Boolean, byte[]) are
 * supported. The schema id comes from the registry: registered when {@code auto.register.schemas}
 * is on, otherwise looked up, so a service cannot write with a schema nobody registered.
 *
 * @param <T> the type written
 */
public class AvroSerializer<T> implements Serializer<T> {

  private static final EncoderFactory ENCODERS = EncoderFactory.get();

  private SchemaRegistryClient registry;
  private AvroSerdeConfig config;
  private boolean isKey;
  private final Map<Schema, Encoder> writers = new ConcurrentHashMap<>();
  private final Map<SubjectSchema, Integer> ids = new ConcurrentHashMap<>();

  /**
   * Cache key of a schema id. Avro caches a schema's hash code and compares an instance with itself
   * first, so generated classes (one schema instance each) cost nothing to look up.
   */
  private record SubjectSchema(String subject, Schema schema) {}

  /** For Kafka, which configures the instance through {@link #configure}. */
  public AvroSerializer() {}

  /** A configured serializer using {@code registry}. */
  public AvroSerializer(SchemaRegistryClient registry, AvroSerdeConfig config, boolean isKey) {
    this.registry = registry;
    this.config = config;
    this.isKey = isKey;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.config = AvroSerdeConfig.from(configs);
    this.registry = config.newClient();
    this.isKey = isKey;
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    if (registry == null) {
      throw new IllegalStateException("AvroSerializer used before configure()");
    }
    Schema schema = schemaOf(data);
    String subject =
        (isKey ? config.keyStrategy() : config.valueStrategy()).subject(topic, isKey, schema);
    int id = schemaId(subject, schema);
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(128);
      out.write(WireFormat.MAGIC_BYTE);
      out.write(ByteBuffer.allocate(4).putInt(id).array());
      BinaryEncoder encoder = ENCODERS.directBinaryEncoder(out, null);
      writers.computeIfAbsent(schema, s -> writerFor(s, data)).write(data, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "cannot write " + schema.getFullName() + " for subject " + subject + ": " + e, e);
    }
  }

  private int schemaId(String subject, Schema schema) {
    SubjectSchema cacheKey = new SubjectSchema(subject, schema);
    Integer cached = ids.get(cacheKey);
    if (cached != null) {
      return cached;
    }
    try {
      int id =
          config.autoRegister()
              ? registry.register(subject, schema)
              : registry.lookup(subject, schema).id();
      ids.put(cacheKey, id);
      return id;
    } catch (SchemaRegistryException e) {
      String why =
          switch (e.errorCode()) {
            case SchemaRegistryException.INCOMPATIBLE_SCHEMA ->
                "the schema is incompatible with the versions registered under the subject";
            case SchemaRegistryException.SUBJECT_NOT_FOUND,
                SchemaRegistryException.SCHEMA_NOT_FOUND ->
                "the schema is not registered under the subject and auto.register.schemas is off";
            default -> "the registry refused it";
          };
      throw new SerializationException(
          "cannot get a schema id for "
              + schema.getFullName()
              + " under subject '"
              + subject
              + "': "
              + why
              + " ("
              + e.getMessage()
              + ")",
          e);
    } catch (SchemaRegistryUnavailableException e) {
      throw new SerializationException(
          "cannot get a schema id for subject '" + subject + "': " + e.getMessage(), e);
    }
  }

  /** The Avro schema of a value this serializer can write. */
  static Schema schemaOf(Object data) {
    if (data instanceof GenericContainer container) {
      return container.getSchema();
    }
    if (data instanceof CharSequence) {
      return Schema.create(Schema.Type.STRING);
    }
    if (data instanceof Integer) {
      return Schema.create(Schema.Type.INT);
    }
    if (data instanceof Long) {
      return Schema.create(Schema.Type.LONG);
    }
    if (data instanceof Float) {
      return Schema.create(Schema.Type.FLOAT);
    }
    if (data instanceof Double) {
      return Schema.create(Schema.Type.DOUBLE);
    }
    if (data instanceof Boolean) {
      return Schema.create(Schema.Type.BOOLEAN);
    }
    if (data instanceof byte[] || data instanceof ByteBuffer) {
      return Schema.create(Schema.Type.BYTES);
    }
    throw new SerializationException(
        "cannot write " + data.getClass().getName() + ": not an Avro record or primitive");
  }

  private static Encoder writerFor(Schema schema, Object sample) {
    DatumWriter<Object> writer =
        sample instanceof SpecificRecord
            ? new SpecificDatumWriter<>(schema, SpecificData.getForClass(sample.getClass()))
            : new GenericDatumWriter<>(schema, GenericData.get());
    if (sample instanceof byte[]) {
      return (datum, out) -> writer.write(ByteBuffer.wrap((byte[]) datum), out);
    }
    return writer::write;
  }

  /** Writes one datum. */
  @FunctionalInterface
  private interface Encoder {
    void write(Object datum, BinaryEncoder out) throws IOException;
  }
}

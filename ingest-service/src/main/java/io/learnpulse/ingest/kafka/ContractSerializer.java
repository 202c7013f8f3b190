package io.learnpulse.ingest.kafka;

import io.learnpulse.schemas.registry.SchemaRegistryClient;
import io.learnpulse.schemas.serde.AvroSerdeConfig;
import io.learnpulse.schemas.serde.AvroSerializer;
import io.learnpulse.schemas.serde.SubjectNameStrategy;
import io.learnpulse.schemas.serde.WireFormat;
import io.learnpulse.schemas.topics.CatalogSchemas;
import io.learnpulse.schemas.topics.TopicSpec;
import io.learnpulse.schemas.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The value serializer of the one producer: Confluent-wire-format Avro with the subject strategy
 * the catalog gives each topic ({@link CatalogSchemas#valueStrategy}): TopicRecordNameStrategy for
 * the activity topic, which carries several record types, TopicNameStrategy for the others. One
 * registry client (and its caches) serves all of them.
 *
 * <p>The first record of each (topic, generated schema) goes through the project's {@link
 * AvroSerializer}, which finds the schema id in the registry (and fails as it does when the schema
 * is not registered); the id is then kept per topic and schema instance, and later records are
 * framed with it directly. Why: {@code AvroSerializer} renders the whole schema as JSON for its id
 * cache key on every record, which cost more CPU than everything else on the request path (seen in
 * the ingest benchmark's profile). Generated classes share one schema instance, so identity is the
 * right key; the bytes are the same as the serializer's.
 */
final class ContractSerializer implements Serializer<SpecificRecord> {

  private static final EncoderFactory ENCODERS = EncoderFactory.get();

  private final Map<String, SubjectNameStrategy> strategies;
  private final Map<SubjectNameStrategy, AvroSerializer<SpecificRecord>> serializers =
      new EnumMap<>(SubjectNameStrategy.class);
  private final Map<Target, Framing> framings = new ConcurrentHashMap<>();

  /** A topic and a schema instance, compared by identity. */
  private record Target(String topic, Schema schema) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Target t && t.topic.equals(topic) && t.schema == schema;
    }

    @Override
    public int hashCode() {
      return topic.hashCode() * 31 + System.identityHashCode(schema);
    }
  }

  /** The resolved schema id of a target and the writer of its records. */
  private record Framing(byte[] header, DatumWriter<SpecificRecord> writer) {}

  ContractSerializer(String registryUrl, boolean autoRegister) {
    SchemaRegistryClient registry = null;
    for (SubjectNameStrategy strategy : SubjectNameStrategy.values()) {
      AvroSerdeConfig config = config(registryUrl, autoRegister, strategy);
      if (registry == null) {
        registry = config.newClient();
      }
      serializers.put(strategy, new AvroSerializer<>(registry, config, false));
    }
    this.strategies =
        Topics.ALL.stream()
            .collect(Collectors.toUnmodifiableMap(TopicSpec::name, CatalogSchemas::valueStrategy));
  }

  private static AvroSerdeConfig config(
      String registryUrl, boolean autoRegister, SubjectNameStrategy strategy) {
    Map<String, Object> configs = new HashMap<>();
    configs.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
    configs.put(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, Boolean.toString(autoRegister));
    configs.put(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, strategy.name());
    return AvroSerdeConfig.from(configs);
  }

  @Override
  public byte[] serialize(String topic, SpecificRecord data) {
    if (data == null) {
      return null;
    }
    Target target = new Target(topic, data.getSchema());
    Framing framing = framings.get(target);
    if (framing == null) {
      SubjectNameStrategy strategy = strategies.getOrDefault(topic, SubjectNameStrategy.TOPIC_NAME);
      byte[] framed = serializers.get(strategy).serialize(topic, data);
      byte[] header =
          ByteBuffer.allocate(WireFormat.HEADER_SIZE)
              .put(WireFormat.MAGIC_BYTE)
              .putInt(WireFormat.schemaId(framed))
              .array();
      framings.putIfAbsent(
          target,
          new Framing(
              header,
              new SpecificDatumWriter<>(
                  data.getSchema(), SpecificData.getForClass(data.getClass()))));
      return framed;
    }
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(256);
      out.write(framing.header());
      BinaryEncoder encoder = ENCODERS.directBinaryEncoder(out, null);
      framing.writer().write(data, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "cannot write " + data.getSchema().getFullName() + " to " + topic + ": " + e, e);
    }
  }
}

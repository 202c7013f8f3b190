package io.learnpulse.schemas.serde;

import io.learnpulse.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serializer and deserializer as one Kafka {@link Serde}, for Kafka Streams.
 *
 * @param <T> the type carried
 */
public class AvroSerde<T> implements Serde<T> {

  private final AvroSerializer<T> serializer;
  private final AvroDeserializer<T> deserializer;

  /** For Kafka, which configures the instance through {@link #configure}. */
  public AvroSerde() {
    this.serializer = new AvroSerializer<>();
    this.deserializer = new AvroDeserializer<>();
  }

  /** A configured serde using {@code registry}. */
  public AvroSerde(SchemaRegistryClient registry, AvroSerdeConfig config, boolean isKey) {
    this.serializer = new AvroSerializer<>(registry, config, isKey);
    this.deserializer = new AvroDeserializer<>(registry, config, isKey);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    serializer.configure(configs, isKey);
    deserializer.configure(configs, isKey);
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }
}

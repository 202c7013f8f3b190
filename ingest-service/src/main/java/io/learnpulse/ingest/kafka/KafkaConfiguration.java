package io.learnpulse.ingest.kafka;

import io.learnpulse.ingest.IngestProperties;
import io.learnpulse.schemas.serde.AvroSerdeConfig;
import io.learnpulse.schemas.serde.CatalogSerializer;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

/**
 * Puts the catalog's contract serializer into Boot's producer factory; every other producer setting
 * comes from {@code spring.kafka.producer.*}.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

  @Bean
  DefaultKafkaProducerFactoryCustomizer contractSerializers(IngestProperties properties) {
    return factory -> {
      @SuppressWarnings("unchecked")
      DefaultKafkaProducerFactory<String, SpecificRecord> typed =
          (DefaultKafkaProducerFactory<String, SpecificRecord>) factory;
      typed.setKeySerializer(new StringSerializer());
      CatalogSerializer values = new CatalogSerializer();
      values.configure(
          Map.of(
              AvroSerdeConfig.SCHEMA_REGISTRY_URL, properties.schemaRegistryUrl(),
              AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, properties.autoRegisterSchemas()),
          false);
      @SuppressWarnings({"unchecked", "rawtypes"})
      Serializer<SpecificRecord> typedValues = (Serializer) values;
      // Configured above from IngestProperties; the factory must not configure it again.
      typed.setConfigureSerializers(false);
      typed.setValueSerializer(typedValues);
    };
  }
}

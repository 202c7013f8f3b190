package io.learnpulse.ingest.kafka;

import io.learnpulse.ingest.IngestProperties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

/**
 * Puts the contract serializer into Boot's producer factory; every other producer setting comes
 * from {@code spring.kafka.producer.*}.
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
      typed.setValueSerializer(
          new ContractSerializer(properties.schemaRegistryUrl(), properties.autoRegisterSchemas()));
    };
  }
}

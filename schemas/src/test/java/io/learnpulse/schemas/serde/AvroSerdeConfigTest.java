package io.learnpulse.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class AvroSerdeConfigTest {

  @Test
  void readsConfluentKeysWithConfluentDefaults() {
    AvroSerdeConfig config =
        AvroSerdeConfig.from(Map.of("schema.registry.url", "http://a:8081, http://b:8081"));
    assertThat(config.registryUrls())
        .containsExactly(URI.create("http://a:8081"), URI.create("http://b:8081"));
    assertThat(config.autoRegister()).isTrue();
    assertThat(config.specificReader()).isFalse();
    assertThat(config.valueStrategy()).isEqualTo(SubjectNameStrategy.TOPIC_NAME);
  }

  @Test
  void servicesTurnAutoRegistrationOffAndReadSpecificRecords() {
    AvroSerdeConfig config =
        AvroSerdeConfig.from(
            Map.of(
                "schema.registry.url", "http://a:8081",
                "auto.register.schemas", "false",
                "specific.avro.reader", true,
                "value.subject.name.strategy",
                    "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy",
                "basic.auth.user.info", "svc:secret"));
    assertThat(config.autoRegister()).isFalse();
    assertThat(config.specificReader()).isTrue();
    assertThat(config.valueStrategy()).isEqualTo(SubjectNameStrategy.TOPIC_RECORD_NAME);
    assertThat(config.basicAuthUserInfo()).contains("svc:secret");
  }

  @Test
  void aMissingRegistryUrlIsAConfigurationErrorNamingTheKey() {
    assertThatThrownBy(() -> AvroSerdeConfig.from(Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("schema.registry.url");
  }

  @Test
  void anUnknownStrategyIsAConfigurationErrorNamingTheKey() {
    assertThatThrownBy(
            () ->
                AvroSerdeConfig.from(
                    Map.of(
                        "schema.registry.url", "http://a:8081",
                        "key.subject.name.strategy", "Bogus")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("key.subject.name.strategy");
  }
}

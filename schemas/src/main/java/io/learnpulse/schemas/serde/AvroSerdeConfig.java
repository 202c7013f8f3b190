package io.learnpulse.schemas.serde;

import io.learnpulse.schemas.registry.RestSchemaRegistryClient;
import io.learnpulse.schemas.registry.SchemaRegistryClient;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;

/**
 * Serde configuration, read from the Kafka client properties under Confluent's key names so the
 * same properties work with Confluent's serde.
 *
 * @param registryUrls {@value #SCHEMA_REGISTRY_URL}: comma-separated registry URLs (required)
 * @param autoRegister {@value #AUTO_REGISTER_SCHEMAS}: register the writer's schema when missing
 *     (default true as in Confluent's serde; LearnPulse services set it false and register schemas
 *     at deployment)
 * @param keyStrategy {@value #KEY_SUBJECT_NAME_STRATEGY} (default TopicNameStrategy)
 * @param valueStrategy {@value #VALUE_SUBJECT_NAME_STRATEGY} (default TopicNameStrategy)
 * @param specificReader {@value #SPECIFIC_AVRO_READER}: read generated classes instead of generic
 *     records (default false)
 * @param basicAuthUserInfo {@value #BASIC_AUTH_USER_INFO}: {@code user:password}, if any
 * @param timeout {@value #REQUEST_TIMEOUT_MS}: registry request timeout (default 10 s)
 */
public record AvroSerdeConfig(
    List<URI> registryUrls,
    boolean autoRegister,
    SubjectNameStrategy keyStrategy,
    SubjectNameStrategy valueStrategy,
    boolean specificReader,
    Optional<String> basicAuthUserInfo,
    Duration timeout) {

  /** Registry URLs. */
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

  /** Register missing schemas. */
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

  /** Key subject strategy. */
  public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";

  /** Value subject strategy. */
  public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";

  /** Read generated classes. */
  public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";

  /** Basic authentication. */
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

  /** Registry request timeout. */
  public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";

  /** Reads the configuration from Kafka client properties. */
  public static AvroSerdeConfig from(Map<String, ?> configs) {
    Object urls = configs.get(SCHEMA_REGISTRY_URL);
    if (urls == null || urls.toString().isBlank()) {
      throw new ConfigException(SCHEMA_REGISTRY_URL, urls, "a schema registry URL is required");
    }
    List<URI> parsed =
        Arrays.stream(urls.toString().split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .map(URI::create)
            .toList();
    return new AvroSerdeConfig(
        parsed,
        bool(configs, AUTO_REGISTER_SCHEMAS, true),
        strategy(configs, KEY_SUBJECT_NAME_STRATEGY),
        strategy(configs, VALUE_SUBJECT_NAME_STRATEGY),
        bool(configs, SPECIFIC_AVRO_READER, false),
        Optional.ofNullable(configs.get(BASIC_AUTH_USER_INFO))
            .map(Object::toString)
            .filter(s -> !s.isBlank()),
        Duration.ofMillis(
            Long.parseLong(
                String.valueOf(
                    Optional.ofNullable(configs.get(REQUEST_TIMEOUT_MS)).orElse("10000")))));
  }

  /** This configuration with {@code strategy} for keys and values. */
  public AvroSerdeConfig withStrategy(SubjectNameStrategy strategy) {
    return new AvroSerdeConfig(
        registryUrls, autoRegister, strategy, strategy, specificReader, basicAuthUserInfo, timeout);
  }

  /** A registry client for this configuration. */
  public SchemaRegistryClient newClient() {
    return new RestSchemaRegistryClient(registryUrls, timeout, basicAuthUserInfo, 1000);
  }

  private static boolean bool(Map<String, ?> configs, String key, boolean defaultValue) {
    Object value = configs.get(key);
    return value == null ? defaultValue : Boolean.parseBoolean(value.toString());
  }

  private static SubjectNameStrategy strategy(Map<String, ?> configs, String key) {
    Object value = configs.get(key);
    if (value == null) {
      return SubjectNameStrategy.TOPIC_NAME;
    }
    if (value instanceof Class<?> type) {
      return SubjectNameStrategy.parse(type.getName());
    }
    try {
      return SubjectNameStrategy.parse(value.toString());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key, value, e.getMessage());
    }
  }
}

package io.learnpulse.ingest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of ingest-service, under {@code learnpulse.ingest}. Kafka client settings stay under
 * {@code spring.kafka.*}.
 *
 * @param jwksUri where lms-sync-service publishes the keys that sign session tokens
 * @param issuer the {@code iss} that session tokens must carry (lms-sync's configured issuer)
 * @param maxBatchSize most events one request may carry; more is 413
 * @param maxBodySize largest request body read; more is 413
 * @param clockSkew how far in the future a player's occurred-at time may lie; more is 422
 * @param kafkaSendTimeout how long a request waits for Kafka to acknowledge all its records before
 *     it answers 503
 * @param retryAfter the {@code Retry-After} advertised when Kafka is unavailable
 * @param schemaRegistryUrl Confluent-API schema registry the Avro serializer talks to
 * @param autoRegisterSchemas register missing schemas on first write (tests, local stack); off in
 *     production, where schemas are registered at deployment
 * @param jwksRefresh how old lms-sync's signing keys may get before they are fetched again (keys
 *     removed from the JWKS stop verifying tokens within this time)
 * @param tokenCacheSize most verified session tokens kept, so a token's signature is checked once,
 *     not on every request; 0 verifies every request
 */
@Validated
@ConfigurationProperties("learnpulse.ingest")
public record IngestProperties(
    @NotNull @DefaultValue("http://127.0.0.1:8083/.well-known/jwks.json") URI jwksUri,
    @NotBlank @DefaultValue("http://127.0.0.1:8083") String issuer,
    @Min(1) @Max(10_000) @DefaultValue("500") int maxBatchSize,
    @NotNull @DefaultValue("1MB") DataSize maxBodySize,
    @NotNull @DefaultValue("5m") Duration clockSkew,
    @NotNull @DefaultValue("5s") Duration kafkaSendTimeout,
    @NotNull @DefaultValue("5s") Duration retryAfter,
    @NotBlank @DefaultValue("http://127.0.0.1:8081") String schemaRegistryUrl,
    @DefaultValue("false") boolean autoRegisterSchemas,
    @NotNull @DefaultValue("5m") Duration jwksRefresh,
    @Min(0) @Max(10_000_000) @DefaultValue("20000") int tokenCacheSize) {

  /** Checks what annotations cannot. */
  public IngestProperties {
    if (maxBodySize != null
        && (maxBodySize.toBytes() < 1024 || maxBodySize.toBytes() > Integer.MAX_VALUE)) {
      throw new IllegalArgumentException(
          "learnpulse.ingest.max-body-size must be between 1KB and 2GB");
    }
    if (jwksRefresh != null && (jwksRefresh.isNegative() || jwksRefresh.isZero())) {
      throw new IllegalArgumentException("learnpulse.ingest.jwks-refresh must be positive");
    }
  }
}

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
 * {@code spring.kafka.*}. Outside the dev/local profile the JWKS URL, the issuer and the registry
 * are required ({@link io.learnpulse.ingest.config.RequiredSettings}); application-dev.yml has
 * loopback defaults.
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
 * @param jwksRefetchCooldown least time between two JWKS fetches caused by tokens naming a key id
 *     the keys do not have (made-up key ids must not cost a fetch each)
 * @param requestDeadline longest a player request may take from its arrival to its answer (reading
 *     the body, verifying the token, Kafka's acknowledgement); past it the request is answered 503
 *     and its connection closed
 * @param maxRevokedSessions most revoked sessions kept in memory (ADR 26; an entry is about 100
 *     bytes); past it the revocations closest to their expiry are dropped first
 * @param revocationCatchUp how long start-up waits to read the session revocations present at start
 *     before the port opens; past it the service starts anyway and says so
 */
@Validated
@ConfigurationProperties("learnpulse.ingest")
public record IngestProperties(
    @NotNull URI jwksUri,
    @NotBlank String issuer,
    @Min(1) @Max(10_000) @DefaultValue("500") int maxBatchSize,
    @NotNull @DefaultValue("1MB") DataSize maxBodySize,
    @NotNull @DefaultValue("5m") Duration clockSkew,
    @NotNull @DefaultValue("5s") Duration kafkaSendTimeout,
    @NotNull @DefaultValue("5s") Duration retryAfter,
    @NotBlank String schemaRegistryUrl,
    @DefaultValue("false") boolean autoRegisterSchemas,
    @NotNull @DefaultValue("5m") Duration jwksRefresh,
    @Min(0) @Max(10_000_000) @DefaultValue("20000") int tokenCacheSize,
    @NotNull @DefaultValue("30s") Duration jwksRefetchCooldown,
    @NotNull @DefaultValue("15s") Duration requestDeadline,
    @Min(1) @Max(50_000_000) @DefaultValue("500000") int maxRevokedSessions,
    @NotNull @DefaultValue("30s") Duration revocationCatchUp) {

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
    if (jwksRefetchCooldown != null && jwksRefetchCooldown.isNegative()) {
      throw new IllegalArgumentException(
          "learnpulse.ingest.jwks-refetch-cooldown must not be negative");
    }
    if (requestDeadline != null
        && kafkaSendTimeout != null
        && requestDeadline.compareTo(kafkaSendTimeout) <= 0) {
      // The deadline is the last resort: Kafka's own bound must answer 503 store-unavailable first.
      throw new IllegalArgumentException(
          "learnpulse.ingest.request-deadline must be longer than kafka-send-timeout");
    }
  }
}

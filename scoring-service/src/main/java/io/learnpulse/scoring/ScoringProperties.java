package io.learnpulse.scoring;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * scoring-service settings ({@code learnpulse.scoring.*}). Kafka client settings (bootstrap
 * servers, security) stay under {@code spring.kafka.*}.
 *
 * <p>Outside the dev/local profile the registry URL and the advertised host are required, and the
 * state directory must be writable in every profile ({@link
 * io.learnpulse.scoring.config.RequiredSettings}); application-dev.yml has loopback defaults.
 *
 * @param schemaRegistryUrl Confluent-API schema registry URL(s), comma-separated
 * @param autoRegisterSchemas register missing schemas when writing (off in production: schemas are
 *     registered at deployment)
 * @param applicationId Kafka Streams application id: consumer group and prefix of the internal
 *     topics; instances with the same id share the work
 * @param commitInterval how often Streams commits (with exactly-once, the transaction length)
 * @param processingGuarantee {@code exactly_once_v2} (default) or {@code at_least_once}
 * @param stateDir directory of the local state stores (RocksDB); keep it on a persistent volume to
 *     avoid restoring from the changelogs on restart
 * @param advertisedHost host name or IP address at which the other instances reach this one's HTTP
 *     port; with the port the server listens on it is Kafka Streams' {@code application.server},
 *     through which status queries are forwarded to the instance that hosts the registration (in
 *     Kubernetes: the pod IP)
 */
@ConfigurationProperties("learnpulse.scoring")
@Validated
public record ScoringProperties(
    @NotBlank String schemaRegistryUrl,
    @DefaultValue("false") boolean autoRegisterSchemas,
    @NotBlank @DefaultValue("learnpulse-scoring") String applicationId,
    @NotNull @DurationMin(millis = 1) @DefaultValue("100ms") Duration commitInterval,
    @NotNull @DefaultValue("exactly_once_v2") ProcessingGuarantee processingGuarantee,
    @NotNull @DefaultValue("data/kafka-streams") Path stateDir,
    @NotBlank String advertisedHost) {

  /** Kafka Streams processing guarantees LearnPulse supports. */
  public enum ProcessingGuarantee {
    /** Exactly-once with transactions (Kafka Streams {@code exactly_once_v2}). */
    EXACTLY_ONCE_V2("exactly_once_v2"),
    /** At-least-once: duplicates of output records are possible after a failure. */
    AT_LEAST_ONCE("at_least_once");

    private final String config;

    ProcessingGuarantee(String config) {
      this.config = config;
    }

    /** The value of Kafka Streams' {@code processing.guarantee}. */
    public String config() {
      return config;
    }
  }
}

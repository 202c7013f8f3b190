package io.learnpulse.scoring;

import io.learnpulse.scoring.domain.StateLimits;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
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
 * @param streamThreads Kafka Streams' stream threads in this instance (default 2, ADR 40): with
 *     exactly-once a thread waits for its transaction's commit every commit interval, and a second
 *     thread processes its tasks meanwhile
 * @param stateDir directory of the local state stores (RocksDB); keep it on a persistent volume to
 *     avoid restoring from the changelogs on restart
 * @param advertisedHost host name or IP address at which the other instances reach this one's HTTP
 *     port; with the port the server listens on it is Kafka Streams' {@code application.server},
 *     through which status queries are forwarded to the instance that hosts the registration (in
 *     Kubernetes: the pod IP)
 * @param limits per-registration caps on kept state; activity beyond them is dead-lettered
 * @param statusAuth who may query a registration's status
 */
@ConfigurationProperties("learnpulse.scoring")
@Validated
public record ScoringProperties(
    @NotBlank String schemaRegistryUrl,
    @DefaultValue("false") boolean autoRegisterSchemas,
    @NotBlank @DefaultValue("learnpulse-scoring") String applicationId,
    @NotNull @DurationMin(millis = 1) @DefaultValue("100ms") Duration commitInterval,
    @NotNull @DefaultValue("exactly_once_v2") ProcessingGuarantee processingGuarantee,
    @Min(1) @DefaultValue("2") int streamThreads,
    @NotNull @DefaultValue("data/kafka-streams") Path stateDir,
    @NotBlank String advertisedHost,
    @NotNull @Valid @DefaultValue Limits limits,
    @NotNull @Valid @DefaultValue StatusAuth statusAuth) {

  /**
   * Per-registration caps (ADR 0015).
   *
   * @param maxChallenges distinct challenges one registration may name
   * @param maxAnswersPerChallenge answers plus reviews kept per challenge
   * @param maxHintsPerChallenge distinct hint indexes kept per challenge
   * @param maxStateBytes largest encoded state of one registration (below the changelog's record
   *     size limit, 1 MB by default)
   */
  public record Limits(
      @Min(1) @DefaultValue("256") int maxChallenges,
      @Min(1) @DefaultValue("64") int maxAnswersPerChallenge,
      @Min(1) @DefaultValue("64") int maxHintsPerChallenge,
      @Min(1024) @DefaultValue("524288") int maxStateBytes) {

    /** As the domain's caps. */
    public StateLimits toStateLimits() {
      return new StateLimits(
          maxChallenges, maxAnswersPerChallenge, maxHintsPerChallenge, maxStateBytes);
    }
  }

  /**
   * Who may read a registration's status: an admin of its tenant (a JWT of the admin OpenID Connect
   * issuer, claims {@code tenant} and {@code roles}, as lms-sync-service's admin API reads them),
   * or the registration's own learner (a session or bridge token of lms-sync-service, claim {@code
   * reg}). Without either issuer configured every query is refused (401).
   *
   * @param adminIssuerUri admin issuer ({@code iss}); its JWKS is discovered unless {@code
   *     adminJwkSetUri} is set
   * @param adminJwkSetUri admin issuer's JWKS URL
   * @param adminAudience required {@code aud} of admin tokens, if set
   * @param sessionIssuer {@code iss} of lms-sync-service's session and bridge tokens
   * @param sessionJwkSetUri lms-sync-service's JWKS ({@code /.well-known/jwks.json})
   * @param clockSkew tolerance on {@code exp} and {@code nbf}
   */
  public record StatusAuth(
      URI adminIssuerUri,
      URI adminJwkSetUri,
      String adminAudience,
      URI sessionIssuer,
      URI sessionJwkSetUri,
      @NotNull @DefaultValue("60s") Duration clockSkew) {}

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

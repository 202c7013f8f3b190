package io.learnpulse.xapi;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * xapi-emitter's configuration (prefix {@code learnpulse.xapi}). Kafka client settings stay under
 * {@code spring.kafka.*}. Until lms-sync-service serves tenant settings, the tenants' LRS settings
 * are read from here (see README).
 *
 * @param activityBase IRI under which activity ids are made
 * @param challengeOpenedVerb {@code attempted} or {@code experienced}
 * @param batch batching of statements per tenant
 * @param retry retries and timeouts of LRS requests
 * @param consumer the Kafka consumer loop
 * @param tenants tenant id to its LRS settings; tenants not listed, or not enabled, get no
 *     statements
 */
@ConfigurationProperties("learnpulse.xapi")
public record XapiProperties(
    @DefaultValue("https://learnpulse.io/xapi/activities") URI activityBase,
    @DefaultValue("attempted") String challengeOpenedVerb,
    @DefaultValue Batch batch,
    @DefaultValue Retry retry,
    @DefaultValue Consumer consumer,
    Map<String, Tenant> tenants) {

  /** Normalizes the tenant map. */
  public XapiProperties {
    tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
  }

  /**
   * Batching.
   *
   * @param size most statements per POST
   * @param linger longest wait for a batch to fill
   * @param lanesPerTenant parallel batches per tenant (a registration always uses the same lane)
   * @param threads delivery threads shared by all tenants
   */
  public record Batch(
      @DefaultValue("100") int size,
      @DefaultValue("200ms") Duration linger,
      @DefaultValue("2") int lanesPerTenant,
      @DefaultValue("8") int threads) {}

  /**
   * Retries.
   *
   * @param initialBackoff first retry delay
   * @param maxBackoff longest delay between retries, and the probe interval of an unavailable LRS
   * @param multiplier backoff growth
   * @param budget failing time after which a tenant's LRS is reported unavailable (statements keep
   *     waiting; nothing is dropped)
   * @param authRetryInterval how often a tenant paused on 401/403 is tried again
   * @param connectTimeout LRS connect timeout
   * @param requestTimeout LRS request timeout
   */
  public record Retry(
      @DefaultValue("200ms") Duration initialBackoff,
      @DefaultValue("30s") Duration maxBackoff,
      @DefaultValue("2.0") double multiplier,
      @DefaultValue("2m") Duration budget,
      @DefaultValue("5m") Duration authRetryInterval,
      @DefaultValue("5s") Duration connectTimeout,
      @DefaultValue("30s") Duration requestTimeout) {}

  /**
   * The consumer loop.
   *
   * @param groupId consumer group
   * @param maxPending statements queued or in flight above which consumption pauses
   * @param pollTimeout poll timeout
   * @param memoryRegistrations registrations kept in the learner memory (attempts, durations)
   * @param autoStartup start consuming with the application
   */
  public record Consumer(
      @DefaultValue("xapi-emitter") String groupId,
      @DefaultValue("50000") int maxPending,
      @DefaultValue("500ms") Duration pollTimeout,
      @DefaultValue("100000") int memoryRegistrations,
      @DefaultValue("true") boolean autoStartup) {}

  /**
   * One tenant's LRS.
   *
   * @param enabled opt-in: statements are sent only when true
   * @param endpoint the LRS xAPI base URL (statements go to {@code <endpoint>/statements})
   * @param homePage the account home page of the tenant's learners
   * @param username Basic-auth user (LRS client key)
   * @param password Basic-auth secret; set it from the environment ({@code ${ACME_LRS_SECRET}}),
   *     never as a literal
   * @param passwordFile file holding the secret (a mounted Kubernetes secret); wins over {@code
   *     password}
   * @param pseudonymKeyFile file holding the key of per-tenant learner pseudonyms; when set,
   *     statements name learners by pseudonym
   */
  public record Tenant(
      @DefaultValue("false") boolean enabled,
      @Nullable URI endpoint,
      @Nullable URI homePage,
      @Nullable String username,
      @Nullable String password,
      @Nullable Path passwordFile,
      @Nullable Path pseudonymKeyFile) {

    @Override
    public String toString() {
      return "Tenant[enabled=" + enabled + ", endpoint=" + endpoint + ", user=" + username + "]";
    }
  }
}

package io.learnpulse.xapi;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * xapi-emitter's configuration (prefix {@code learnpulse.xapi}). Kafka client settings stay under
 * {@code spring.kafka.*}. Tenants' LRS settings come from lms-sync-service ({@code
 * tenant-source=lms-sync}) or from the {@code tenants} keys here (see README).
 *
 * @param activityBase IRI under which activity ids are made
 * @param challengeOpenedVerb {@code attempted} or {@code experienced}
 * @param batch batching of statements per tenant
 * @param retry retries and timeouts of LRS requests
 * @param consumer the Kafka consumer loop
 * @param budget each tenant's budgets while it is not active
 * @param outbound the outbound URL policy for LRS endpoints
 * @param tenantSource where tenants' LRS settings come from: {@code properties} (default, {@code
 *     tenants} below) or {@code lms-sync} (lms-sync-service's internal API, {@code lms-sync})
 * @param tenantRefreshInterval how often the settings of the tenants with a delivery are read again
 *     (a changed endpoint moves their waiting statements; disabled or deleted drops them)
 * @param managementToken bearer token the write actions of {@code /actuator/xapi} require; unset,
 *     they are refused
 * @param lmsSync the lms-sync tenant directory, when {@code tenant-source=lms-sync}
 * @param tenants tenant id to its LRS settings; tenants not listed, or not enabled, get no
 *     statements
 */
@ConfigurationProperties("learnpulse.xapi")
public record XapiProperties(
    @DefaultValue("https://learnpulse.io/xapi/activities") URI activityBase,
    @DefaultValue("attempted") ChallengeOpenedVerb challengeOpenedVerb,
    @DefaultValue Batch batch,
    @DefaultValue Retry retry,
    @DefaultValue Consumer consumer,
    @DefaultValue Budget budget,
    @DefaultValue Outbound outbound,
    @DefaultValue("properties") TenantSource tenantSource,
    @DefaultValue("1m") Duration tenantRefreshInterval,
    @Nullable String managementToken,
    @DefaultValue LmsSync lmsSync,
    Map<String, Tenant> tenants) {

  /** Normalizes the tenant map. */
  public XapiProperties {
    tenants = tenants == null ? Map.of() : Map.copyOf(tenants);
  }

  @Override
  public String toString() {
    return "XapiProperties[tenantSource="
        + tenantSource
        + ", lmsSync="
        + lmsSync
        + ", tenants="
        + tenants
        + ", managementToken="
        + (managementToken == null ? "unset" : "set")
        + "]";
  }

  /** The verb of a challenge-opened statement. */
  public enum ChallengeOpenedVerb {
    /** {@code http://adlnet.gov/expapi/verbs/attempted} (default). */
    ATTEMPTED,
    /** {@code http://adlnet.gov/expapi/verbs/experienced}. */
    EXPERIENCED
  }

  /** Where tenants' LRS settings come from. */
  public enum TenantSource {
    /** The {@code tenants.*} keys. */
    PROPERTIES,
    /** lms-sync-service's internal API. */
    LMS_SYNC
  }

  /**
   * A tenant's budgets while it is paused or unavailable (failing past the retry budget), so it
   * never holds other tenants' delivery or the shared partitions' offsets for long.
   *
   * @param backlog statements it may keep waiting; newer ones are parked (dead-letter topic, stage
   *     {@code tenant-parked}, replayable)
   * @param parkAfter how long it may stay paused or unavailable before all its waiting statements
   *     are parked
   */
  public record Budget(
      @DefaultValue("10000") int backlog, @DefaultValue("10m") Duration parkAfter) {}

  /**
   * Which LRS addresses may be called.
   *
   * @param allow CIDRs ({@code 10.20.0.0/16}, {@code 127.0.0.1/32}) and host names admitted besides
   *     public addresses (on-premises LRSs); empty by default
   */
  public record Outbound(List<String> allow) {

    /** Normalizes the list. */
    public Outbound {
      allow = allow == null ? List.of() : List.copyOf(allow);
    }
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
   * @param requestTimeout deadline of a whole LRS exchange: connect, headers and body
   * @param maxAnswerBytes most bytes of an LRS answer read
   */
  public record Retry(
      @DefaultValue("200ms") Duration initialBackoff,
      @DefaultValue("30s") Duration maxBackoff,
      @DefaultValue("2.0") double multiplier,
      @DefaultValue("2m") Duration budget,
      @DefaultValue("5m") Duration authRetryInterval,
      @DefaultValue("5s") Duration connectTimeout,
      @DefaultValue("30s") Duration requestTimeout,
      @DefaultValue("1048576") int maxAnswerBytes) {}

  /**
   * The consumer loop.
   *
   * @param groupId consumer group
   * @param maxPending statements queued or in flight for active tenants above which consumption
   *     pauses
   * @param pollTimeout poll timeout
   * @param memoryRegistrations registrations kept in the learner memory (attempts, durations)
   * @param autoStartup start consuming with the application
   * @param retryLaterPause how long a partition waits when a record cannot be processed now (schema
   *     registry or tenant directory unreachable) before it is read again
   */
  public record Consumer(
      @DefaultValue("xapi-emitter") String groupId,
      @DefaultValue("50000") int maxPending,
      @DefaultValue("500ms") Duration pollTimeout,
      @DefaultValue("100000") int memoryRegistrations,
      @DefaultValue("true") boolean autoStartup,
      @DefaultValue("5s") Duration retryLaterPause) {}

  /**
   * lms-sync-service's internal tenant API ({@code GET
   * {baseUrl}/v1/internal/tenants/{tenantId}/lrs}, docs/contracts.md).
   *
   * @param baseUrl lms-sync's base URL
   * @param internalToken the shared secret sent as {@code Authorization: Bearer ...}; set it from
   *     the environment ({@code ${LEARNPULSE_INTERNAL_TOKEN}}), never as a literal
   * @param cacheTtl how long an answer (opted in or not) is used before it is asked again
   * @param timeout connect and request timeout of one call
   */
  public record LmsSync(
      @Nullable URI baseUrl,
      @Nullable String internalToken,
      @DefaultValue("1m") Duration cacheTtl,
      @DefaultValue("5s") Duration timeout) {

    @Override
    public String toString() {
      return "LmsSync[baseUrl=" + baseUrl + ", cacheTtl=" + cacheTtl + "]";
    }
  }

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

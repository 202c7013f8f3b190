package io.learnpulse.lmssync;

import io.learnpulse.schemas.topics.Topics;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of lms-sync-service ({@code learnpulse.lms-sync.*}). Kafka client settings stay
 * under {@code spring.kafka.*}; the serde settings there refer to {@link #schemaRegistryUrl} and
 * {@link #autoRegisterSchemas}.
 *
 * @param issuer {@code iss} of the session and bridge tokens this service issues
 * @param tokenTtl lifetime of session and bridge tokens (default 12 h)
 * @param schemaRegistryUrl Confluent-API schema registry URL(s), comma-separated
 * @param autoRegisterSchemas register writer schemas on first use (off in production: schemas are
 *     registered at deployment)
 * @param playerUrl player URL for tenants that did not configure their own
 * @param signingKeyPem PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}) of the RSA key (at least
 *     2048 bits) that signs tokens; takes precedence over {@link #signingKeyFile}
 * @param signingKeyFile JSON Web Key file holding the RSA signing key; created with a new key when
 *     missing (development and the local stack: tokens survive restarts). With neither this nor
 *     {@link #signingKeyPem}, a throw-away key is generated at start: development only, tokens die
 *     with the process and replicas do not share it
 * @param signingKeyId {@code kid} of a key read from PEM or generated (default {@code lms-sync-1})
 * @param topics topic names, defaulting to the catalog ({@link Topics})
 * @param outboxPollInterval how often the Kafka outbox relay looks for unsent events when nothing
 *     woke it (default 1 s)
 * @param outboxBatchSize rows the relay reads, sends asynchronously and marks published together
 *     (default 500, ADR 0033)
 * @param admin how callers of the admin API ({@code /v1/admin/**}) authenticate
 * @param sessions session liveness: heartbeat interval, inactivity and abandonment
 * @param bridge the SCORM bridge: package URLs and the commit stream
 * @param secretsKey base64 of the 32-byte AES key that encrypts secrets at rest (tenants' LRS
 *     passwords, AES-GCM). Without it a key is generated and kept next to {@link #signingKeyFile}
 *     ({@code lms-sync-secrets.key}) when that is set, else in memory (development only: stored
 *     secrets cannot be read after a restart)
 * @param launch rate limits of {@code POST /v1/launch}
 * @param internalToken shared bearer secret (at least 16 characters) of the cluster-internal API
 *     ({@code /v1/internal/**}, read by xapi-emitter); without it that API answers 404
 * @param maxBodySize largest request body accepted (default 128 KB: a launch or an ack carries up
 *     to 64,000 characters of SCORM 2004 suspend data); larger ones are answered 413 {@code
 *     body-too-large} before they are parsed
 * @param lrsAllowedHosts CIDRs, addresses, hosts or host:port pairs a tenant's LRS endpoint may
 *     name although the outbound URL policy ({@code io.learnpulse.schemas.net.OutboundUrlPolicy})
 *     refuses them (loopback, private, cluster-internal): an on-premises LRS. Empty by default
 * @param health what the console's Health screen reads besides PostgreSQL (ADR 0028)
 * @param xapiLookup how a registration's statements are read back from the tenant's LRS for the
 *     admin API (ADR 0031)
 * @param sessionTimeCommitInterval how long a change of the session time alone (a heartbeat) waits
 *     after the session's last commit before it is committed (default 5 min, ADR 0036); every other
 *     change, a checkpoint, a reason and a session's end commit at once with the current session
 *     time. {@code PT0S} commits every change at once
 * @param maxConnectionWaiters while this many threads wait for a database connection, API requests
 *     ({@code /v1/**}) are answered 503 {@code unavailable} with {@code Retry-After} at once
 *     instead of joining the wait (default 20, twice the default pool; ADR 42)
 */
@Validated
@ConfigurationProperties("learnpulse.lms-sync")
public record LmsSyncProperties(
    @NotNull URI issuer,
    @NotNull @DefaultValue("12h") Duration tokenTtl,
    @NotBlank String schemaRegistryUrl,
    @DefaultValue("false") boolean autoRegisterSchemas,
    @NotNull URI playerUrl,
    String signingKeyPem,
    Path signingKeyFile,
    @NotBlank @DefaultValue("lms-sync-1") String signingKeyId,
    @Valid @DefaultValue TopicNames topics,
    @NotNull @DefaultValue("1s") Duration outboxPollInterval,
    @Min(1) @Max(10_000) @DefaultValue("500") int outboxBatchSize,
    @Valid @DefaultValue Admin admin,
    @Valid @DefaultValue Sessions sessions,
    @Valid @DefaultValue Bridge bridge,
    String secretsKey,
    @Size(min = 16) String internalToken,
    @NotNull @DefaultValue("128KB") DataSize maxBodySize,
    @Valid @DefaultValue LaunchLimits launch,
    @DefaultValue List<String> lrsAllowedHosts,
    @Valid @DefaultValue Health health,
    @Valid @DefaultValue XapiLookup xapiLookup,
    @NotNull @DefaultValue("5m") Duration sessionTimeCommitInterval,
    @Min(1) @DefaultValue("20") int maxConnectionWaiters) {

  /** The session-time interval is a duration from zero on. */
  @AssertTrue(message = "session-time-commit-interval must not be negative")
  public boolean isSessionTimeCommitIntervalValid() {
    return sessionTimeCommitInterval == null || !sessionTimeCommitInterval.isNegative();
  }

  /**
   * Reading a registration's statements back from the tenant's LRS ({@code GET
   * /v1/admin/tenants/{t}/registrations/{r}/xapi}, ADR 0031). The LRS endpoint must pass the
   * outbound URL policy with {@link #lrsAllowedHosts}, checked with DNS before every request.
   *
   * @param deadline the whole lookup — resolution, connection, answers and bodies of every page —
   *     ends within this (default 5 s); what was read by then is answered, marked truncated
   * @param maxStatements most statements answered (default 500); more are cut and marked truncated
   * @param pageSize statements asked per request ({@code limit}, default 100); {@code more} links
   *     are followed until {@code maxStatements}
   * @param maxPageBytes largest page body read (default 4 MB); a larger one ends the lookup
   */
  public record XapiLookup(
      @NotNull @DefaultValue("5s") Duration deadline,
      @Min(1) @DefaultValue("500") int maxStatements,
      @Min(1) @DefaultValue("100") int pageSize,
      @NotNull @DefaultValue("4MB") DataSize maxPageBytes) {}

  /**
   * The pipeline figures of the Health screen (ADR 0028).
   *
   * @param consumerGroups the platform's consumer groups whose lag is shown (default: lms-sync's
   *     three listeners', scoring's Kafka Streams application and xapi-emitter's)
   * @param xapiStatusUrl xapi-emitter's {@code /actuator/xapi} (its management port), read
   *     server-side for the tenant's LRS delivery state; unset: the state is reported unavailable
   * @param cacheFor how long the Kafka figures are reused between requests (default 10 s), so
   *     consoles polling cannot load the brokers
   */
  public record Health(
      @DefaultValue({
            "lms-sync-activity",
            "lms-sync-heartbeat",
            "lms-sync-topic-status",
            "learnpulse-scoring",
            "xapi-emitter"
          })
          List<@NotBlank String> consumerGroups,
      URI xapiStatusUrl,
      @NotNull @DefaultValue("10s") Duration cacheFor) {}

  /**
   * Admin API authentication: bearer JWTs of an OpenID Connect issuer, verified against its JSON
   * Web Key Set, with the claims {@code tenant} (the tenant administered, {@code *} for a platform
   * operator) and {@code roles} ({@code admin}: read and write; {@code analyst}: read only).
   *
   * @param issuerUri the issuer: tokens must carry it as {@code iss}; without {@link #jwkSetUri}
   *     its keys are found through {@code <issuer>/.well-known/openid-configuration} (on first use,
   *     so the issuer need not be up when the service starts)
   * @param jwkSetUri the issuer's JWKS endpoint; when given alone, {@code iss} is not checked
   * @param audience when set, tokens must name it in {@code aud}
   * @param devToken development only, off by default: a static bearer token (at least 16
   *     characters) that acts as a platform operator with the {@code admin} role
   * @param clockSkew tolerance for {@code exp} and {@code nbf} (default 60 s)
   */
  public record Admin(
      URI issuerUri,
      URI jwkSetUri,
      String audience,
      @Size(min = 16) String devToken,
      @NotNull @DefaultValue("60s") Duration clockSkew) {

    /** True when some way of authenticating admin callers is configured. */
    public boolean configured() {
      return issuerUri != null || jwkSetUri != null || devToken != null;
    }
  }

  /**
   * Session liveness. A session with no heartbeat for {@code inactiveAfterIntervals} heartbeat
   * intervals is inactive (not listed among the active sessions); one with no heartbeat for {@code
   * abandonAfter} is closed as abandoned. Time counts from the last heartbeat's arrival at
   * ingest-service (its {@code receivedAt}), or from the launch.
   *
   * @param heartbeatInterval how often the player sends heartbeats while the learner is active
   *     (default 30 s)
   * @param inactiveAfterIntervals missed intervals after which a session is inactive (default 3)
   * @param abandonAfter time without a heartbeat after which a session is abandoned (default 30
   *     min); must exceed the inactivity threshold
   * @param sweepInterval how often the sweeper looks for sessions to abandon (default 30 s)
   * @param sweepBatch sessions abandoned per transaction (default 500)
   */
  public record Sessions(
      @NotNull @DefaultValue("30s") Duration heartbeatInterval,
      @Min(1) @DefaultValue("3") int inactiveAfterIntervals,
      @NotNull @DefaultValue("30m") Duration abandonAfter,
      @NotNull @DefaultValue("30s") Duration sweepInterval,
      @Min(1) @DefaultValue("500") int sweepBatch) {

    /** Time without a heartbeat after which a session is inactive (default 90 s). */
    public Duration inactiveAfter() {
      return heartbeatInterval.multipliedBy(inactiveAfterIntervals);
    }

    /** Abandonment must come after inactivity. */
    @AssertTrue(message = "abandon-after must exceed heartbeat-interval × inactive-after-intervals")
    public boolean isAbandonAfterBeyondInactivity() {
      return heartbeatInterval == null
          || abandonAfter == null
          || abandonAfter.compareTo(inactiveAfter()) > 0;
    }
  }

  /**
   * Rate limits of {@code POST /v1/launch}: token buckets in memory per replica (ADR 0019).
   *
   * @param perTenantBurst launches a tenant may make at once (default 3000)
   * @param perTenantPerMinute refill per tenant (default 3000)
   * @param perSourceBurst launches one source address may make at once (default 300)
   * @param perSourcePerMinute refill per source address (default 300)
   */
  public record LaunchLimits(
      @Min(1) @DefaultValue("3000") int perTenantBurst,
      @Min(1) @DefaultValue("3000") int perTenantPerMinute,
      @Min(1) @DefaultValue("300") int perSourceBurst,
      @Min(1) @DefaultValue("300") int perSourcePerMinute) {}

  /**
   * The SCORM bridge (packages and the commit stream).
   *
   * @param publicUrl lms-sync-service's URL as learners' browsers reach it, written into packages
   *     (required outside the dev profile, as is {@code ingestUrl}; application-dev.yml has
   *     loopback defaults)
   * @param ingestUrl ingest-service's URL as learners' browsers reach it, given in the launch
   *     answer
   * @param keepAliveInterval how often an idle commit stream sends a comment (default 15 s)
   * @param streamMaxAge how long one stream stays open before the server ends it and the bridge
   *     reconnects with {@code Last-Event-ID} (default 5 min; bounds proxies' and XHR buffers)
   * @param pollInterval how often open streams look for commits in case a notification was missed
   *     (default 5 s)
   * @param maxStreamsPerSession commit streams one session may hold open on a replica (default 3: a
   *     reconnect overlaps the stream it replaces until a keep-alive finds that one dead, and 3
   *     lets a bridge reconnect twice within one keep-alive interval); more are answered 429 {@code
   *     rate-limited}
   * @param maxStreams commit streams one replica holds open (default 2000); more are answered 503
   *     {@code unavailable}, so the bridge retries, possibly on another replica
   */
  public record Bridge(
      URI publicUrl,
      URI ingestUrl,
      @DefaultValue("15s") Duration keepAliveInterval,
      @DefaultValue("5m") Duration streamMaxAge,
      @DefaultValue("5s") Duration pollInterval,
      @Min(1) @DefaultValue("3") int maxStreamsPerSession,
      @Min(1) @DefaultValue("2000") int maxStreams) {}

  /**
   * Topic names; each defaults to the catalog's.
   *
   * @param activity session and learner activity (read and written)
   * @param heartbeat heartbeats (read)
   * @param topicStatus topic status from scoring-service (read)
   * @param assignment assignment policies (written)
   * @param scormCommit the audit of SCORM commits (written)
   * @param sessionRevocation revoked sessions, read by ingest-service (written)
   */
  public record TopicNames(
      String activity,
      String heartbeat,
      String topicStatus,
      String assignment,
      String scormCommit,
      String sessionRevocation) {

    /** Fills in the catalog's names. */
    public TopicNames {
      activity = orDefault(activity, Topics.ACTIVITY.name());
      heartbeat = orDefault(heartbeat, Topics.HEARTBEAT.name());
      topicStatus = orDefault(topicStatus, Topics.TOPIC_STATUS.name());
      assignment = orDefault(assignment, Topics.ASSIGNMENT.name());
      scormCommit = orDefault(scormCommit, Topics.SCORM_COMMIT.name());
      sessionRevocation = orDefault(sessionRevocation, Topics.SESSION_REVOCATION.name());
    }

    private static String orDefault(String value, String defaultValue) {
      return value == null || value.isBlank() ? defaultValue : value;
    }
  }
}

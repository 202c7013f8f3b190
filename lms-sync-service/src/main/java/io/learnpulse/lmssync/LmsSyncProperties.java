package io.learnpulse.lmssync;

import io.learnpulse.schemas.topics.Topics;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of lms-sync-service ({@code learnpulse.lms-sync.*}). Kafka client settings stay
 * under {@code spring.kafka.*}; the serde settings there refer to {@link #schemaRegistryUrl} and
 * {@link #autoRegisterSchemas}.
 *
 * @param issuer {@code iss} of the session and bridge tokens this service issues
 * @param tokenTtl lifetime of session and bridge tokens (default 12 h)
 * @param adminToken bearer token guarding {@code /v1/admin/**} until OIDC arrives (at least 16
 *     characters)
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
 * @param bridge the SCORM bridge: package URLs and the commit stream
 */
@Validated
@ConfigurationProperties("learnpulse.lms-sync")
public record LmsSyncProperties(
    @NotNull URI issuer,
    @NotNull @DefaultValue("12h") Duration tokenTtl,
    @NotBlank @Size(min = 16) String adminToken,
    @NotBlank String schemaRegistryUrl,
    @DefaultValue("false") boolean autoRegisterSchemas,
    @NotNull URI playerUrl,
    String signingKeyPem,
    Path signingKeyFile,
    @NotBlank @DefaultValue("lms-sync-1") String signingKeyId,
    @Valid @DefaultValue TopicNames topics,
    @NotNull @DefaultValue("1s") Duration outboxPollInterval,
    @Valid @DefaultValue Bridge bridge) {

  /**
   * The SCORM bridge (packages and the commit stream).
   *
   * @param publicUrl lms-sync-service's URL as learners' browsers reach it, written into packages
   * @param ingestUrl ingest-service's URL as learners' browsers reach it, given in the launch
   *     answer
   * @param keepAliveInterval how often an idle commit stream sends a comment (default 15 s)
   * @param streamMaxAge how long one stream stays open before the server ends it and the bridge
   *     reconnects with {@code Last-Event-ID} (default 5 min; bounds proxies' and XHR buffers)
   * @param pollInterval how often open streams look for commits in case a notification was missed
   *     (default 5 s)
   */
  public record Bridge(
      @DefaultValue("http://127.0.0.1:8083") URI publicUrl,
      @DefaultValue("http://127.0.0.1:8080") URI ingestUrl,
      @DefaultValue("15s") Duration keepAliveInterval,
      @DefaultValue("5m") Duration streamMaxAge,
      @DefaultValue("5s") Duration pollInterval) {}

  /**
   * Topic names; each defaults to the catalog's.
   *
   * @param activity session and learner activity (read and written)
   * @param heartbeat heartbeats (read)
   * @param topicStatus topic status from scoring-service (read)
   * @param assignment assignment policies (written)
   */
  public record TopicNames(
      String activity, String heartbeat, String topicStatus, String assignment) {

    /** Fills in the catalog's names. */
    public TopicNames {
      activity = orDefault(activity, Topics.ACTIVITY.name());
      heartbeat = orDefault(heartbeat, Topics.HEARTBEAT.name());
      topicStatus = orDefault(topicStatus, Topics.TOPIC_STATUS.name());
      assignment = orDefault(assignment, Topics.ASSIGNMENT.name());
    }

    private static String orDefault(String value, String defaultValue) {
      return value == null || value.isBlank() ? defaultValue : value;
    }
  }
}

package io.learnpulse.ingest.domain;

import io.learnpulse.events.v1.ScormVersion;
import java.util.Objects;
import java.util.UUID;

/**
 * What a verified session token vouches for: who is sending and which attempt the events belong to.
 * Tenant, learner, registration, assignment and topic come only from here, never from a request
 * body.
 *
 * @param tenantId tenant ({@code tid})
 * @param learnerId learner ({@code sub})
 * @param registrationId registration ({@code reg}); the Kafka key
 * @param sessionId session ({@code sid})
 * @param assignmentId assignment ({@code aid})
 * @param topicId topic ({@code top})
 * @param scormVersion SCORM version of the registration ({@code ver})
 */
public record SessionContext(
    String tenantId,
    String learnerId,
    UUID registrationId,
    UUID sessionId,
    String assignmentId,
    String topicId,
    ScormVersion scormVersion) {

  /** Rejects missing facts. */
  public SessionContext {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(learnerId, "learnerId");
    Objects.requireNonNull(registrationId, "registrationId");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(assignmentId, "assignmentId");
    Objects.requireNonNull(topicId, "topicId");
    Objects.requireNonNull(scormVersion, "scormVersion");
  }
}

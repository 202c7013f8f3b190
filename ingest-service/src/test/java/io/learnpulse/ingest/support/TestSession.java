package io.learnpulse.ingest.support;

import java.util.UUID;

/**
 * A learner's session as lms-sync would have created it, with fresh ids.
 *
 * @param tenantId tenant
 * @param learnerId learner
 * @param registrationId registration
 * @param sessionId session
 * @param assignmentId assignment
 * @param topicId topic
 */
public record TestSession(
    String tenantId,
    String learnerId,
    UUID registrationId,
    UUID sessionId,
    String assignmentId,
    String topicId) {

  /** A new session of a new registration of tenant {@code tenant-acme}. */
  public static TestSession fresh() {
    return fresh("tenant-acme");
  }

  /** A new session of a new registration of {@code tenantId}. */
  public static TestSession fresh(String tenantId) {
    return new TestSession(
        tenantId,
        "learner-" + UUID.randomUUID(),
        UUID.randomUUID(),
        UUID.randomUUID(),
        "assignment-onboarding",
        "topic-kafka-basics");
  }

  /** The events path of this session. */
  public String eventsPath() {
    return "/v1/sessions/" + sessionId + "/events";
  }

  /** The heartbeats path of this session. */
  public String heartbeatsPath() {
    return "/v1/sessions/" + sessionId + "/heartbeats";
  }

  /** The sendBeacon path of this session. */
  public String beaconPath() {
    return "/v1/sessions/" + sessionId + "/beacon";
  }
}

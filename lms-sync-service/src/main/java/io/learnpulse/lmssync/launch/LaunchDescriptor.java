package io.learnpulse.lmssync.launch;

import io.learnpulse.lmssync.scorm.ScormVersion;
import java.util.UUID;

/**
 * What a SCORM package tells lms-sync-service at launch: whose it is and what it delivers. It
 * travels inside the package as a compact JWS signed with the tenant's descriptor secret.
 *
 * @param tenantId tenant that issued the package
 * @param assignmentId assignment the package belongs to, or null for a topic package, whose
 *     learners get the assignment their cohort resolves to at launch (ADR 0019)
 * @param topicId topic the package delivers
 * @param scormVersion SCORM version of the package
 * @param id the descriptor's id ({@code jti}) once signed, else null
 */
public record LaunchDescriptor(
    String tenantId, String assignmentId, String topicId, ScormVersion scormVersion, UUID id) {

  /** A descriptor not yet signed. */
  public LaunchDescriptor(
      String tenantId, String assignmentId, String topicId, ScormVersion scormVersion) {
    this(tenantId, assignmentId, topicId, scormVersion, null);
  }

  /** True for a package of the topic that names no assignment. */
  public boolean topicPackage() {
    return assignmentId == null;
  }
}

package io.learnpulse.lmssync.launch;

import io.learnpulse.lmssync.scorm.ScormVersion;

/**
 * What a SCORM package tells lms-sync-service at launch: whose it is and what it delivers. It
 * travels inside the package as a compact JWS signed with the tenant's descriptor secret.
 *
 * @param tenantId tenant that issued the package
 * @param assignmentId assignment the package belongs to, or null for a topic package, whose
 *     learners get the assignment their cohort resolves to at launch (ADR 0019)
 * @param topicId topic the package delivers
 * @param scormVersion SCORM version of the package
 */
public record LaunchDescriptor(
    String tenantId, String assignmentId, String topicId, ScormVersion scormVersion) {

  /** True for a package of the topic that names no assignment. */
  public boolean topicPackage() {
    return assignmentId == null;
  }
}

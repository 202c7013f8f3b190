package io.learnpulse.lmssync.launch;

import io.learnpulse.lmssync.scorm.ScormVersion;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/admin/tenants/{tenantId}/assignments/{assignmentId}/topics/{topicId}/descriptor}:
 * a signed launch descriptor for one topic of an assignment, to embed in a SCORM package; and
 * {@code POST /v1/admin/tenants/{tenantId}/topics/{topicId}/descriptor}: one naming no assignment,
 * for the topic package every cohort shares (ADR 0019).
 */
@RestController
class LaunchDescriptorController {

  private final LaunchDescriptors descriptors;

  LaunchDescriptorController(LaunchDescriptors descriptors) {
    this.descriptors = descriptors;
  }

  /**
   * What the descriptor endpoint takes.
   *
   * @param scormVersion SCORM version of the package
   * @param expiresAt optional: the package stops launching then (410)
   * @param maxRegistrations optional: most registrations the package may create (then 410)
   */
  record DescriptorRequest(
      @NotNull ScormVersion scormVersion,
      java.time.Instant expiresAt,
      @jakarta.validation.constraints.Min(1) Integer maxRegistrations) {}

  /** A signed launch descriptor and what it says. */
  record DescriptorView(
      String descriptor,
      String tenantId,
      String assignmentId,
      String topicId,
      ScormVersion scormVersion) {}

  @PostMapping(
      "/v1/admin/tenants/{tenantId}/assignments/{assignmentId}/topics/{topicId}/descriptor")
  DescriptorView descriptor(
      @PathVariable String tenantId,
      @PathVariable String assignmentId,
      @PathVariable String topicId,
      @Valid @RequestBody DescriptorRequest request) {
    LaunchDescriptor descriptor =
        new LaunchDescriptor(tenantId, assignmentId, topicId, request.scormVersion());
    return new DescriptorView(
        descriptors.issue(descriptor, request.expiresAt(), request.maxRegistrations()),
        tenantId,
        assignmentId,
        topicId,
        request.scormVersion());
  }

  @PostMapping("/v1/admin/tenants/{tenantId}/topics/{topicId}/descriptor")
  DescriptorView topicDescriptor(
      @PathVariable String tenantId,
      @PathVariable String topicId,
      @Valid @RequestBody DescriptorRequest request) {
    LaunchDescriptor descriptor =
        new LaunchDescriptor(tenantId, null, topicId, request.scormVersion());
    return new DescriptorView(
        descriptors.issue(descriptor, request.expiresAt(), request.maxRegistrations()),
        tenantId,
        null,
        topicId,
        request.scormVersion());
  }
}

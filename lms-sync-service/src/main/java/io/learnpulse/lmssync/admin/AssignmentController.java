package io.learnpulse.lmssync.admin;

import io.learnpulse.lmssync.admin.AssignmentService.StoredAssignment;
import io.learnpulse.lmssync.launch.LaunchDescriptor;
import io.learnpulse.lmssync.launch.LaunchDescriptors;
import io.learnpulse.lmssync.scorm.ScormVersion;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Assignment policies and launch descriptors of a tenant. */
@RestController
@RequestMapping("/v1/admin/tenants/{tenantId}/assignments")
class AssignmentController {

  private final AssignmentService assignments;
  private final TenantStore tenants;
  private final LaunchDescriptors descriptors;

  AssignmentController(
      AssignmentService assignments, TenantStore tenants, LaunchDescriptors descriptors) {
    this.assignments = assignments;
    this.tenants = tenants;
    this.descriptors = descriptors;
  }

  /** An assignment's current version and policy. */
  record AssignmentView(
      String tenantId, String assignmentId, int version, AssignmentPolicyBody policy) {}

  /** What the descriptor endpoint takes. */
  record DescriptorRequest(@NotNull ScormVersion scormVersion) {}

  /** A signed launch descriptor and what it says. */
  record DescriptorView(
      String descriptor,
      String tenantId,
      String assignmentId,
      String topicId,
      ScormVersion scormVersion) {}

  /**
   * Stores a new policy version (and publishes it) unless it equals the current one. Answers the
   * current version either way.
   */
  @PutMapping("/{assignmentId}")
  AssignmentView put(
      @PathVariable String tenantId,
      @PathVariable String assignmentId,
      @Valid @RequestBody AssignmentPolicyBody body) {
    Ids.check(tenantId, "tenantId");
    Ids.check(assignmentId, "assignmentId");
    StoredAssignment stored = assignments.put(tenantId, assignmentId, body);
    return new AssignmentView(
        stored.tenantId(), stored.assignmentId(), stored.version(), stored.policy());
  }

  /** A launch descriptor for one topic of the assignment, to embed in a SCORM package. */
  @PostMapping("/{assignmentId}/topics/{topicId}/descriptor")
  DescriptorView descriptor(
      @PathVariable String tenantId,
      @PathVariable String assignmentId,
      @PathVariable String topicId,
      @Valid @RequestBody DescriptorRequest request) {
    Tenant tenant =
        tenants
            .find(tenantId)
            .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "unknown tenant"));
    StoredAssignment assignment =
        assignments
            .find(assignmentId)
            .filter(a -> a.tenantId().equals(tenantId))
            .orElseThrow(
                () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "unknown assignment"));
    if (!assignment.policy().hasTopic(topicId)) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "topic not in the assignment");
    }
    LaunchDescriptor descriptor =
        new LaunchDescriptor(tenantId, assignmentId, topicId, request.scormVersion());
    return new DescriptorView(
        descriptors.sign(tenant, descriptor),
        tenantId,
        assignmentId,
        topicId,
        request.scormVersion());
  }
}

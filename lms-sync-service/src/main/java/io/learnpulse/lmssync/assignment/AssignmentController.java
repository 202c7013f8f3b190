package io.learnpulse.lmssync.assignment;

import io.learnpulse.lmssync.tenant.Ids;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code PUT /v1/admin/tenants/{tenantId}/assignments/{assignmentId}}: assignment policies. */
@RestController
@RequestMapping("/v1/admin/tenants/{tenantId}/assignments")
class AssignmentController {

  private final AssignmentService assignments;

  AssignmentController(AssignmentService assignments) {
    this.assignments = assignments;
  }

  /** An assignment's current version and policy. */
  record AssignmentView(
      String tenantId, String assignmentId, int version, CompletionPolicy policy) {}

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
    Assignment stored = assignments.put(tenantId, assignmentId, body.toPolicy());
    return new AssignmentView(
        stored.tenantId(), stored.assignmentId(), stored.version(), stored.policy());
  }
}

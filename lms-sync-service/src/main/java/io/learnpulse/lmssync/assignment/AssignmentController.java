package io.learnpulse.lmssync.assignment;

import io.learnpulse.lmssync.scorm.RegressionRule;
import io.learnpulse.lmssync.tenant.Ids;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code PUT /v1/admin/tenants/{tenantId}/assignments/{assignmentId}}: assignment policies; {@code
 * PUT|GET …/{assignmentId}/retake-rule}: the retake rule (ADR 0019); {@code PUT|GET
 * …/{assignmentId}/regression-rule}: what a status that would lower the LMS's values does (ADR
 * 0027).
 */
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

  /** A retake rule as the API spells it. */
  record RetakeRuleBody(String when, int minimumDays) {

    RetakeRule toRule() {
      RetakeRule.When parsed;
      try {
        parsed = RetakeRule.When.valueOf(String.valueOf(when));
      } catch (IllegalArgumentException e) {
        throw new io.learnpulse.lmssync.error.InvalidValueException(
            "when", "must be NEVER, AFTER_FAILURE or ALWAYS");
      }
      return new RetakeRule(parsed, minimumDays);
    }
  }

  @PutMapping("/{assignmentId}/retake-rule")
  RetakeRule putRetakeRule(
      @PathVariable String tenantId,
      @PathVariable String assignmentId,
      @RequestBody RetakeRuleBody body) {
    return assignments.putRetakeRule(tenantId, assignmentId, body.toRule());
  }

  @GetMapping("/{assignmentId}/retake-rule")
  RetakeRule retakeRule(@PathVariable String tenantId, @PathVariable String assignmentId) {
    assignments
        .find(assignmentId)
        .filter(a -> a.tenantId().equals(tenantId))
        .orElseThrow(
            () ->
                new io.learnpulse.lmssync.error.NotFoundException(
                    "unknown assignment " + assignmentId));
    return assignments.retakeRule(assignmentId);
  }

  /** A regression rule as the API spells it. */
  record RegressionRuleBody(String rule) {

    RegressionRule toRule() {
      try {
        return RegressionRule.valueOf(String.valueOf(rule));
      } catch (IllegalArgumentException e) {
        throw new io.learnpulse.lmssync.error.InvalidValueException(
            "rule", "must be NEVER_LOWER or ALLOW");
      }
    }
  }

  /** The rule as the API answers it. */
  record RegressionRuleView(RegressionRule rule) {}

  @PutMapping("/{assignmentId}/regression-rule")
  RegressionRuleView putRegressionRule(
      @PathVariable String tenantId,
      @PathVariable String assignmentId,
      @RequestBody RegressionRuleBody body) {
    return new RegressionRuleView(
        assignments.putRegressionRule(tenantId, assignmentId, body.toRule()));
  }

  @GetMapping("/{assignmentId}/regression-rule")
  RegressionRuleView regressionRule(
      @PathVariable String tenantId, @PathVariable String assignmentId) {
    assignments
        .find(assignmentId)
        .filter(a -> a.tenantId().equals(tenantId))
        .orElseThrow(
            () ->
                new io.learnpulse.lmssync.error.NotFoundException(
                    "unknown assignment " + assignmentId));
    return new RegressionRuleView(assignments.regressionRule(assignmentId));
  }
}

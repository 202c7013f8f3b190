package io.learnpulse.lmssync.assignment;

import io.learnpulse.lmssync.assignment.CohortService.Cohort;
import io.learnpulse.lmssync.error.InvalidValueException;
import io.learnpulse.lmssync.tenant.Ids;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Cohorts, groups and topic defaults (ADR 0019), each importable as JSON or as {@code text/csv}:
 *
 * <ul>
 *   <li>{@code PUT|GET /v1/admin/tenants/{tenantId}/assignments/{assignmentId}/cohort}: CSV lines
 *       {@code learner,<learnerId>} or {@code group,<groupId>};
 *   <li>{@code PUT /v1/admin/tenants/{tenantId}/groups/{groupId}/members}: CSV one learner id a
 *       line;
 *   <li>{@code PUT /v1/admin/tenants/{tenantId}/topics/{topicId}/default-assignment}.
 * </ul>
 *
 * A first CSV line {@code kind,id} or {@code learnerId} is a header and skipped.
 */
@RestController
class CohortController {

  private final CohortService cohorts;

  CohortController(CohortService cohorts) {
    this.cohorts = cohorts;
  }

  /** A cohort as JSON. */
  record CohortBody(List<String> learnerIds, List<String> groupIds) {

    Cohort toCohort() {
      return new Cohort(
          learnerIds == null ? List.of() : learnerIds, groupIds == null ? List.of() : groupIds);
    }
  }

  /** A group's members as JSON. */
  record GroupBody(@NotNull List<String> learnerIds) {}

  /** A group's members as stored. */
  record GroupView(String tenantId, String groupId, List<String> learnerIds) {}

  /** A topic's default assignment. */
  record DefaultBody(@NotBlank String assignmentId) {}

  @PutMapping(
      path = "/v1/admin/tenants/{tenantId}/assignments/{assignmentId}/cohort",
      consumes = "application/json")
  Cohort putCohort(
      @PathVariable String tenantId,
      @PathVariable String assignmentId,
      @RequestBody CohortBody body) {
    return cohorts.replaceCohort(tenantId, assignmentId, body.toCohort());
  }

  @PutMapping(
      path = "/v1/admin/tenants/{tenantId}/assignments/{assignmentId}/cohort",
      consumes = "text/csv")
  Cohort putCohortCsv(
      @PathVariable String tenantId, @PathVariable String assignmentId, @RequestBody String csv) {
    List<String> learners = new ArrayList<>();
    List<String> groups = new ArrayList<>();
    List<String> lines = csv.lines().map(String::strip).toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isEmpty() || (i == 0 && line.equalsIgnoreCase("kind,id"))) {
        continue;
      }
      int comma = line.indexOf(',');
      String kind = comma < 0 ? "" : line.substring(0, comma).strip();
      String id = comma < 0 ? "" : line.substring(comma + 1).strip();
      switch (kind.toLowerCase(java.util.Locale.ROOT)) {
        case "learner" -> learners.add(id);
        case "group" -> groups.add(id);
        default ->
            throw new InvalidValueException(
                "line " + (i + 1), "must be learner,<learnerId> or group,<groupId>");
      }
    }
    return cohorts.replaceCohort(tenantId, assignmentId, new Cohort(learners, groups));
  }

  @GetMapping("/v1/admin/tenants/{tenantId}/assignments/{assignmentId}/cohort")
  Cohort cohort(@PathVariable String tenantId, @PathVariable String assignmentId) {
    return cohorts.cohort(tenantId, assignmentId);
  }

  @PutMapping(
      path = "/v1/admin/tenants/{tenantId}/groups/{groupId}/members",
      consumes = "application/json")
  GroupView putGroup(
      @PathVariable String tenantId,
      @PathVariable String groupId,
      @jakarta.validation.Valid @RequestBody GroupBody body) {
    Ids.check(groupId, "groupId");
    return new GroupView(
        tenantId, groupId, cohorts.replaceGroup(tenantId, groupId, body.learnerIds()));
  }

  @PutMapping(path = "/v1/admin/tenants/{tenantId}/groups/{groupId}/members", consumes = "text/csv")
  GroupView putGroupCsv(
      @PathVariable String tenantId, @PathVariable String groupId, @RequestBody String csv) {
    Ids.check(groupId, "groupId");
    List<String> lines = csv.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    List<String> learners =
        lines.isEmpty() || !lines.get(0).equalsIgnoreCase("learnerId")
            ? lines
            : lines.subList(1, lines.size());
    return new GroupView(tenantId, groupId, cohorts.replaceGroup(tenantId, groupId, learners));
  }

  @PutMapping("/v1/admin/tenants/{tenantId}/topics/{topicId}/default-assignment")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void putDefault(
      @PathVariable String tenantId,
      @PathVariable String topicId,
      @jakarta.validation.Valid @RequestBody DefaultBody body) {
    Ids.check(topicId, "topicId");
    cohorts.setDefault(tenantId, topicId, body.assignmentId());
  }
}

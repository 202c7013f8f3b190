package io.learnpulse.lmssync.analytics;

import io.learnpulse.lmssync.error.InvalidValueException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/admin/tenants/{tenantId}/assignments/{assignmentId}/analytics?bucket&from&to}: the
 * assignment's cohort analytics (ADR 0028). Tenant-scoped like the rest of the admin API; a read,
 * so analysts may call it. ({@code …/cohort} is the cohort's membership, ADR 0019.)
 */
@RestController
class CohortAnalyticsController {

  private final CohortAnalyticsService analytics;
  private final Clock clock;

  CohortAnalyticsController(CohortAnalyticsService analytics, Clock clock) {
    this.analytics = analytics;
    this.clock = clock;
  }

  @GetMapping("/v1/admin/tenants/{tenantId}/assignments/{assignmentId}/analytics")
  CohortAnalytics analytics(
      @PathVariable String tenantId,
      @PathVariable String assignmentId,
      @RequestParam(required = false) String bucket,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    Window window = Window.of(bucket, instant(from, "from"), instant(to, "to"), clock.instant());
    return analytics.analytics(tenantId, assignmentId, window);
  }

  private static Instant instant(String value, String field) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new InvalidValueException(
          field, "must be an ISO-8601 instant such as 2026-03-01T00:00:00Z");
    }
  }
}

package io.learnpulse.lmssync.bridge;

import io.learnpulse.lmssync.bridge.CommitStore.HistoryEntry;
import io.learnpulse.lmssync.error.InvalidValueException;
import io.learnpulse.lmssync.error.NotFoundException;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/admin/tenants/{tenantId}/registrations/{registrationId}/commits}: what LearnPulse
 * sent the LMS for one registration, newest first, with each commit's deliveries and the bridge's
 * acknowledgement (outcome, LMS error code and text, the element that failed, the values read
 * back). Guarded like every {@code /v1/admin/**} path.
 */
@RestController
class CommitHistoryController {

  private final CommitStore store;

  CommitHistoryController(CommitStore store) {
    this.store = store;
  }

  /** The history of one registration. */
  record HistoryView(UUID registrationId, List<HistoryEntry> commits) {}

  @GetMapping("/v1/admin/tenants/{tenantId}/registrations/{registrationId}/commits")
  HistoryView history(
      @PathVariable String tenantId,
      @PathVariable UUID registrationId,
      @RequestParam(name = "limit", defaultValue = "100") int limit) {
    if (limit < 1 || limit > 1000) {
      throw new InvalidValueException("limit", "must be within 1..1000");
    }
    if (!store.tenantOf(registrationId).filter(tenantId::equals).isPresent()) {
      throw new NotFoundException("unknown registration " + registrationId);
    }
    return new HistoryView(registrationId, store.history(registrationId, limit));
  }
}

package io.learnpulse.lmssync.sync;

import io.learnpulse.events.v1.Bookmark;
import io.learnpulse.events.v1.EventMetadata;
import io.learnpulse.events.v1.Heartbeat;
import io.learnpulse.lmssync.kafka.PoisonRecordException;
import io.learnpulse.schemas.wire.EventLimits;
import java.util.List;
import java.util.Optional;

/**
 * Re-checks consumed records against {@link EventLimits} before anything is applied: ingest refuses
 * such values, but a record produced straight to Kafka (or by a buggy producer) must not overflow
 * stored totals or be retried for seconds while other tenants wait. A record that breaks a limit
 * raises {@link PoisonRecordException}, which the error handler dead-letters at once.
 */
final class RecordLimits {

  private RecordLimits() {}

  /** Checks a heartbeat: its metadata, active time and bookmark. */
  static void check(Heartbeat heartbeat) {
    check(heartbeat.getMetadata());
    id("assignmentId", heartbeat.getAssignmentId());
    if (!EventLimits.activeMillisInRange(heartbeat.getActiveMillis())) {
      throw new PoisonRecordException(
          "activeMillis", "must be within 0.." + EventLimits.MAX_ACTIVE_MILLIS_PER_HEARTBEAT);
    }
    Bookmark bookmark = heartbeat.getBookmark();
    if (bookmark != null) {
      id("bookmark.topicId", bookmark.getTopicId());
      optionalId("bookmark.challengeId", bookmark.getChallengeId());
      optionalId("bookmark.pendingAnswerId", bookmark.getPendingAnswerId());
      if (bookmark.getStep() != null && !EventLimits.indexInRange(bookmark.getStep())) {
        throw new PoisonRecordException(
            "bookmark.step", "must be within 0.." + EventLimits.MAX_INDEX);
      }
      List<Integer> hints = bookmark.getRevealedHints();
      if (hints.size() > EventLimits.MAX_INDEX + 1) {
        throw new PoisonRecordException(
            "bookmark.revealedHints", "must have at most " + (EventLimits.MAX_INDEX + 1));
      }
      for (Integer hint : hints) {
        if (hint == null || !EventLimits.indexInRange(hint)) {
          throw new PoisonRecordException(
              "bookmark.revealedHints", "must be within 0.." + EventLimits.MAX_INDEX);
        }
      }
    }
  }

  /** Checks the metadata every event carries. */
  static void check(EventMetadata metadata) {
    if (metadata == null) {
      throw new PoisonRecordException("metadata", "is missing");
    }
    id("metadata.tenantId", metadata.getTenantId());
    id("metadata.learnerId", metadata.getLearnerId());
    id("metadata.producer", metadata.getProducer());
    if (!EventLimits.sequenceInRange(metadata.getSequence())) {
      throw new PoisonRecordException(
          "metadata.sequence", "must be within 0.." + EventLimits.MAX_SEQUENCE);
    }
  }

  private static void optionalId(String field, String value) {
    if (value != null) {
      id(field, value);
    }
  }

  private static void id(String field, String value) {
    Optional<String> problem = EventLimits.idProblem(value);
    if (problem.isPresent()) {
      throw new PoisonRecordException(field, problem.get());
    }
  }
}

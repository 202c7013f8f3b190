package io.learnpulse.lmssync.registration;

import io.learnpulse.lmssync.scorm.Bookmark;
import io.learnpulse.lmssync.scorm.ScormVersion;
import io.learnpulse.lmssync.scorm.SuspendData;
import io.learnpulse.lmssync.scorm.TopicProgress;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One learner's attempt at one topic of one assignment, as stored.
 *
 * @param id registration id
 * @param tenantId tenant
 * @param assignmentId assignment
 * @param topicId topic
 * @param learnerId learner id as the LMS knows it
 * @param learnerName learner name as the LMS knows it, or null
 * @param scormVersion SCORM version the LMS speaks for it
 * @param progress scoring's latest topic status, or {@link TopicProgress#NOT_STARTED}
 * @param activeMillis active time over all sessions
 * @param suspendData the bookmark in its suspend-data encoding, or null
 * @param attempt attempt number, 1 for the first (ADR 0019)
 * @param createdAt when the attempt began
 */
public record Registration(
    UUID id,
    String tenantId,
    String assignmentId,
    String topicId,
    String learnerId,
    String learnerName,
    ScormVersion scormVersion,
    TopicProgress progress,
    long activeMillis,
    String suspendData,
    int attempt,
    Instant createdAt) {

  /** The decoded bookmark, if one is stored. */
  public Optional<Bookmark> bookmark() {
    return SuspendData.decode(suspendData);
  }
}

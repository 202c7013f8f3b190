package io.learnpulse.lmssync.launch;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The history of a registration's learner name: the LMS is the only source of the name and SCORM
 * proves nothing about it, so a change is kept with its time for an administrator to see (ADR
 * 0019). Callers own the transactions.
 */
@Repository
class LearnerNames {

  private final JdbcClient jdbc;

  LearnerNames(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Records {@code reported} when it differs from {@code stored}; null reports nothing. */
  void recordChange(UUID registrationId, String stored, String reported, Instant at) {
    if (reported == null || Objects.equals(stored, reported)) {
      return;
    }
    jdbc.sql(
            """
            insert into learner_name_changes (registration_id, old_name, new_name, changed_at)
            values (:r, :old, :new, :at)
            """)
        .param("r", registrationId)
        .param("old", stored)
        .param("new", reported)
        .param("at", at.atOffset(ZoneOffset.UTC))
        .update();
  }
}

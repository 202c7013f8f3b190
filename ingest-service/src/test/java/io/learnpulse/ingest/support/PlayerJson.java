package io.learnpulse.ingest.support;

import java.time.Instant;
import java.util.UUID;

/** JSON bodies as a player sends them. */
public final class PlayerJson {

  private PlayerJson() {}

  /** A {@code challenge.opened} event. */
  public static String challengeOpened(UUID id, long seq, String challengeId) {
    return """
        {"id": "%s", "seq": %d, "type": "challenge.opened", "occurredAt": "%s", "challengeId": "%s"}
        """
        .formatted(id, seq, Instant.now(), challengeId)
        .strip();
  }

  /** An {@code answer.submitted} event. */
  public static String answerSubmitted(UUID id, long seq, String challengeId, String outcome) {
    return """
        {"id": "%s", "seq": %d, "type": "answer.submitted", "occurredAt": "%s",
         "challengeId": "%s", "answerId": "answer-%d", "outcome": "%s"}
        """
        .formatted(id, seq, Instant.now(), challengeId, seq, outcome)
        .strip();
  }

  /** A heartbeat with a bookmark. */
  public static String heartbeat(UUID id, long seq, long activeMillis) {
    return """
        {"id": "%s", "seq": %d, "occurredAt": "%s", "activeMillis": %d,
         "bookmark": {"challengeId": "c-1", "step": 2, "revealedHints": [0]}}
        """
        .formatted(id, seq, Instant.now(), activeMillis)
        .strip();
  }

  /** A JSON array of the given items. */
  public static String array(String... items) {
    return "[" + String.join(",", items) + "]";
  }
}

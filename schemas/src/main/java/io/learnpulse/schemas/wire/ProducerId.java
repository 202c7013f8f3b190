package io.learnpulse.schemas.wire;

/**
 * The LearnPulse services that write events: the value of {@code EventMetadata.producer} and of the
 * {@code ce_source} header ({@link CloudEventHeaders#SOURCE}). A consumer that must recognize its
 * own events compares against these, never against a literal.
 */
public enum ProducerId {
  /** The player-facing API: challenge, session and heartbeat events. */
  INGEST("ingest-service"),
  /** The Kafka Streams scorer: topic status. */
  SCORING("scoring-service"),
  /** The LMS bridge: session ends, assignments, SCORM commits. */
  LMS_SYNC("lms-sync-service"),
  /** The xAPI statement emitter (writes only dead letters). */
  XAPI_EMITTER("xapi-emitter");

  private final String id;

  ProducerId(String id) {
    this.id = id;
  }

  /** The id as written on the wire, e.g. {@code lms-sync-service}. */
  public String id() {
    return id;
  }

  /** Whether {@code value} (e.g. an event's {@code producer}) is this producer's id. */
  public boolean is(CharSequence value) {
    return value != null && id.contentEquals(value);
  }
}

package io.learnpulse.lmssync.kafka;

/**
 * A consumed record breaks the event limits ({@code io.learnpulse.schemas.wire.EventLimits}):
 * retrying cannot help, so the error handler dead-letters it at once instead of backing off.
 */
public class PoisonRecordException extends RuntimeException {

  /**
   * @param field the record field that breaks a limit, as named in the Avro schema
   * @param reason what is wrong with it
   */
  public PoisonRecordException(String field, String reason) {
    super(field + " " + reason);
  }
}

package io.learnpulse.scoring.topology;

/**
 * A record that can never be scored (wrong type, inconsistent key, invalid policy): dead-lettered.
 */
public class RejectedRecordException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** A rejection with a reason. */
  public RejectedRecordException(String message) {
    super(message);
  }

  /** A rejection caused by {@code cause}. */
  public RejectedRecordException(String message, Throwable cause) {
    super(message, cause);
  }
}

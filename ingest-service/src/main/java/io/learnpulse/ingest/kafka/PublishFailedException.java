package io.learnpulse.ingest.kafka;

/** Kafka did not acknowledge every record of a request in time. */
public class PublishFailedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The failure, with what Kafka (or the timeout) said. */
  public PublishFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}

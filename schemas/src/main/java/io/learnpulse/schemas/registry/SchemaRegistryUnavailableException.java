package io.learnpulse.schemas.registry;

/** No registry answered: it is unreachable, timed out, or answered with a 5xx. */
public class SchemaRegistryUnavailableException extends RuntimeException {

  /** The registry at {@code urls} could not be used. */
  public SchemaRegistryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}

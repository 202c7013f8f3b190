package io.learnpulse.schemas.registry;

/**
 * The registry answered with an error. {@link #errorCode()} is Confluent's code, e.g. 40401
 * (subject not found), 40403 (schema not found), 409 (incompatible schema), 42201 (invalid schema).
 */
public class SchemaRegistryException extends RuntimeException {

  /** Subject not found. */
  public static final int SUBJECT_NOT_FOUND = 40401;

  /** Version not found. */
  public static final int VERSION_NOT_FOUND = 40402;

  /** Schema not found. */
  public static final int SCHEMA_NOT_FOUND = 40403;

  /** Schema incompatible with earlier versions under the subject's compatibility level. */
  public static final int INCOMPATIBLE_SCHEMA = 409;

  /** Invalid schema. */
  public static final int INVALID_SCHEMA = 42201;

  private final int status;
  private final int errorCode;

  /** An error answer of the registry. */
  public SchemaRegistryException(int status, int errorCode, String message) {
    super(message + " (HTTP " + status + ", error code " + errorCode + ")");
    this.status = status;
    this.errorCode = errorCode;
  }

  /** HTTP status of the answer. */
  public int status() {
    return status;
  }

  /** Confluent error code of the answer. */
  public int errorCode() {
    return errorCode;
  }

  /** True for the not-found family of codes (404xx). */
  public boolean isNotFound() {
    return status == 404;
  }
}

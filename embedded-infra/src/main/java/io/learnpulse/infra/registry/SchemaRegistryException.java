package io.learnpulse.infra.registry;

/**
 * A registry error with Confluent's error code; the HTTP status is the code's first three digits.
 */
public final class SchemaRegistryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Subject not found. */
  public static final int SUBJECT_NOT_FOUND = 40401;

  /** Version not found. */
  public static final int VERSION_NOT_FOUND = 40402;

  /** Schema not found. */
  public static final int SCHEMA_NOT_FOUND = 40403;

  /** The subject has no subject-level compatibility configured. */
  public static final int SUBJECT_LEVEL_CONFIG_NOT_FOUND = 40408;

  /** The subject has no subject-level mode configured. */
  public static final int SUBJECT_LEVEL_MODE_NOT_FOUND = 40409;

  /** The schema is incompatible with earlier versions. */
  public static final int INCOMPATIBLE_SCHEMA = 409;

  /** The schema is not valid. */
  public static final int INVALID_SCHEMA = 42201;

  /** The version is not valid. */
  public static final int INVALID_VERSION = 42202;

  /** The compatibility level is not valid. */
  public static final int INVALID_COMPATIBILITY_LEVEL = 42203;

  /** The mode is not valid (this registry knows only READWRITE). */
  public static final int INVALID_MODE = 42204;

  /** The backing store failed. */
  public static final int STORE_ERROR = 50001;

  private final int errorCode;

  /**
   * Creates an error.
   *
   * @param errorCode Confluent's error code, for example 40401
   * @param message the message
   * @param cause the cause, or null
   */
  public SchemaRegistryException(int errorCode, String message, Throwable cause) {
    super(message, cause);
    this.errorCode = errorCode;
  }

  /**
   * Returns Confluent's error code.
   *
   * @return the error code, for example 40401
   */
  public int errorCode() {
    return errorCode;
  }

  /**
   * Returns the HTTP status: the first three digits of the error code.
   *
   * @return the HTTP status
   */
  public int httpStatus() {
    return httpStatusOf(errorCode);
  }

  /**
   * Returns the HTTP status of an error code: its first three digits.
   *
   * @param errorCode the error code
   * @return the HTTP status
   */
  public static int httpStatusOf(int errorCode) {
    int status = errorCode;
    while (status >= 1000) {
      status /= 10;
    }
    return status;
  }

  static SchemaRegistryException subjectNotFound(String subject) {
    return new SchemaRegistryException(
        SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.", null);
  }

  static SchemaRegistryException versionNotFound(int version) {
    return new SchemaRegistryException(
        VERSION_NOT_FOUND, "Version " + version + " not found.", null);
  }

  static SchemaRegistryException schemaNotFound() {
    return new SchemaRegistryException(SCHEMA_NOT_FOUND, "Schema not found", null);
  }

  static SchemaRegistryException schemaNotFound(String id) {
    return new SchemaRegistryException(SCHEMA_NOT_FOUND, "Schema " + id + " not found", null);
  }

  static SchemaRegistryException subjectLevelConfigNotFound(String subject) {
    return new SchemaRegistryException(
        SUBJECT_LEVEL_CONFIG_NOT_FOUND,
        "Subject '" + subject + "' does not have subject-level compatibility configured",
        null);
  }

  static SchemaRegistryException subjectLevelModeNotFound(String subject) {
    return new SchemaRegistryException(
        SUBJECT_LEVEL_MODE_NOT_FOUND,
        "Subject '" + subject + "' does not have subject-level mode configured",
        null);
  }

  static SchemaRegistryException invalidMode(String mode) {
    return new SchemaRegistryException(
        INVALID_MODE, "Invalid mode '" + mode + "'. This registry supports only READWRITE", null);
  }

  static SchemaRegistryException invalidSchema(String detail, Throwable cause) {
    return new SchemaRegistryException(INVALID_SCHEMA, "Invalid schema: " + detail, cause);
  }

  static SchemaRegistryException invalidVersion(String version) {
    return new SchemaRegistryException(
        INVALID_VERSION,
        "The specified version '"
            + version
            + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the"
            + " string \"latest\"",
        null);
  }

  static SchemaRegistryException invalidCompatibilityLevel(String level) {
    return new SchemaRegistryException(
        INVALID_COMPATIBILITY_LEVEL,
        "Invalid compatibility level '"
            + level
            + "'. Valid values are none, backward, forward, full, backward_transitive,"
            + " forward_transitive, and full_transitive",
        null);
  }

  static SchemaRegistryException storeError(String detail, Throwable cause) {
    return new SchemaRegistryException(
        STORE_ERROR, "Error in the backend data store: " + detail, cause);
  }
}

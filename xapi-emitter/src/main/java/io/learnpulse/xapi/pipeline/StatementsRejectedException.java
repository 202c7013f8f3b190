package io.learnpulse.xapi.pipeline;

/**
 * The LRS refused one or more statements of a record for good (400, 413): the exception recorded in
 * the record's dead letter. Its message lists each refused statement's kind, id, HTTP status and
 * the LRS's answer.
 */
public final class StatementsRejectedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The rejection described by {@code reasons}. */
  public StatementsRejectedException(String reasons) {
    super(reasons, null, false, false);
  }
}

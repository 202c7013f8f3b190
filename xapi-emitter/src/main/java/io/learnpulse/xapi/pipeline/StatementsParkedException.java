package io.learnpulse.xapi.pipeline;

/**
 * Statements of a record were parked, not refused: their tenant was paused or unavailable beyond
 * its backlog budget (ADR 14). The exception recorded in the record's dead letter, so an operator
 * replays these ({@code replay-dead-letters}) once the tenant's LRS answers again. Its message
 * lists each parked statement's kind, id and the reason (and any statement of the same record the
 * LRS refused).
 */
public final class StatementsParkedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The parking described by {@code reasons}. */
  public StatementsParkedException(String reasons) {
    super(reasons, null, false, false);
  }
}

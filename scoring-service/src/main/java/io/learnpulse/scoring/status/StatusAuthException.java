package io.learnpulse.scoring.status;

import io.learnpulse.schemas.wire.ProblemType;

/** A status query refused before any lookup: no usable token, or keys that cannot be fetched. */
final class StatusAuthException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient ProblemType type;

  StatusAuthException(ProblemType type, String detail) {
    super(detail);
    this.type = type;
  }

  ProblemType type() {
    return type;
  }
}

package io.learnpulse.lmssync.error;

/** The caller proved who it is, but what it presented does not allow this request. */
public final class ForbiddenException extends DomainException {

  /** With a message saying what is not allowed. */
  public ForbiddenException(String message) {
    super(message);
  }
}

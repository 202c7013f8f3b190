package io.learnpulse.lmssync.error;

/** The request contradicts the current state (e.g. an id that belongs to another tenant). */
public final class ConflictException extends DomainException {

  /** With a message naming the conflict. */
  public ConflictException(String message) {
    super(message);
  }
}

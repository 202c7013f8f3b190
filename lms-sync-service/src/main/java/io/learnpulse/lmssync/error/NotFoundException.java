package io.learnpulse.lmssync.error;

/** The named resource does not exist, or belongs to another tenant. */
public final class NotFoundException extends DomainException {

  /** With a message naming what was not found. */
  public NotFoundException(String message) {
    super(message);
  }
}

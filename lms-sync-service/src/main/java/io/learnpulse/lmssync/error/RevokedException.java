package io.learnpulse.lmssync.error;

/** What was presented was valid once and no longer is: a revoked, expired or used-up package. */
public final class RevokedException extends DomainException {

  /** With a message saying why. */
  public RevokedException(String message) {
    super(message);
  }
}

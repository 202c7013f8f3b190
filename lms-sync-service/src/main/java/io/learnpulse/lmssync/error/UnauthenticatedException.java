package io.learnpulse.lmssync.error;

/** The credential of the request (a token or a launch descriptor) is missing or does not verify. */
public final class UnauthenticatedException extends DomainException {

  /** With a message saying what is wrong with the credential. */
  public UnauthenticatedException(String message) {
    super(message);
  }
}

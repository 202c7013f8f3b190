package io.learnpulse.lmssync.error;

/**
 * A request lms-sync-service refuses for a reason its own rules name. Services and domain types
 * throw the subclasses; the web layer maps each to one problem type, in one place.
 */
public abstract sealed class DomainException extends RuntimeException
    permits NotFoundException,
        ConflictException,
        InvalidValueException,
        ForbiddenException,
        RevokedException,
        UnauthenticatedException,
        LimitExceededException {

  DomainException(String message) {
    super(message);
  }
}

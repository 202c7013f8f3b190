package io.learnpulse.lmssync.web;

import io.learnpulse.lmssync.error.ConflictException;
import io.learnpulse.lmssync.error.DomainException;
import io.learnpulse.lmssync.error.ForbiddenException;
import io.learnpulse.lmssync.error.InvalidValueException;
import io.learnpulse.lmssync.error.NotFoundException;
import io.learnpulse.lmssync.error.RateLimitedException;
import io.learnpulse.lmssync.error.RevokedException;
import io.learnpulse.lmssync.error.UnauthenticatedException;
import io.learnpulse.schemas.wire.ProblemType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The one place where the refusals of lms-sync's rules ({@link DomainException}) become
 * problem+json: each exception class maps to one {@link ProblemType}.
 */
@RestControllerAdvice
class ProblemAdvice {

  @ExceptionHandler(DomainException.class)
  ResponseEntity<ProblemDetail> refused(DomainException e) {
    ProblemDetail problem;
    if (e instanceof InvalidValueException invalid) {
      problem = Problems.invalid(invalid.field(), invalid.reason());
    } else if (e instanceof NotFoundException) {
      problem = Problems.of(ProblemType.NOT_FOUND, e.getMessage());
    } else if (e instanceof ConflictException) {
      problem = Problems.of(ProblemType.CONFLICT, e.getMessage());
    } else if (e instanceof ForbiddenException) {
      problem = Problems.of(ProblemType.FORBIDDEN, e.getMessage());
    } else if (e instanceof UnauthenticatedException) {
      problem = Problems.of(ProblemType.INVALID_TOKEN, e.getMessage());
    } else if (e instanceof RevokedException) {
      problem = Problems.of(ProblemType.LAUNCH_REVOKED, e.getMessage());
    } else if (e instanceof RateLimitedException) {
      problem = Problems.of(ProblemType.RATE_LIMITED, e.getMessage());
    } else {
      throw new IllegalStateException("unmapped " + e.getClass(), e);
    }
    ResponseEntity.BodyBuilder answer =
        ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (e instanceof UnauthenticatedException) {
      answer.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }
    if (e instanceof RateLimitedException limited) {
      answer.header(HttpHeaders.RETRY_AFTER, Long.toString(limited.retryAfterSeconds()));
    }
    return answer.body(problem);
  }
}

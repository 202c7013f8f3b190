package io.learnpulse.lmssync.web;

import io.learnpulse.lmssync.LmsSyncProperties;
import io.learnpulse.lmssync.error.ConflictException;
import io.learnpulse.lmssync.error.DomainException;
import io.learnpulse.lmssync.error.ForbiddenException;
import io.learnpulse.lmssync.error.InvalidValueException;
import io.learnpulse.lmssync.error.LimitExceededException;
import io.learnpulse.lmssync.error.NotFoundException;
import io.learnpulse.lmssync.error.RevokedException;
import io.learnpulse.lmssync.error.UnauthenticatedException;
import io.learnpulse.lmssync.web.Problems.Violation;
import io.learnpulse.schemas.wire.ProblemType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * The one place where lms-sync's errors become problem+json, each a {@link ProblemDetail} built
 * from the shared {@link ProblemType} catalogue:
 *
 * <ul>
 *   <li>the refusals of lms-sync's rules ({@link DomainException}), one type per exception class (a
 *       {@link LimitExceededException} is 429 {@code rate-limited} for a caller's share, 503 {@code
 *       unavailable} for the replica's capacity, both with {@code Retry-After});
 *   <li>invalid input, always naming what is wrong in {@code errors} ({@code field} for values a
 *       client names, {@code pointer} into the JSON body): bean validation, values of the wrong
 *       type in the body, path or query, missing parameters and headers, missing or malformed
 *       bodies ({@code malformed-json});
 *   <li>bodies over the limit ({@link BodyLimitFilter}): 413 {@code body-too-large};
 *   <li>no database connection within the pool's {@code connection-timeout} (the pool is exhausted
 *       or PostgreSQL is unreachable): 503 {@code unavailable} with {@code Retry-After}, so that an
 *       overloaded replica sheds requests quickly instead of queueing them (ADR 0034);
 *   <li>everything else Spring MVC answers (unknown path, wrong method or media type, {@code
 *       ResponseStatusException} of a controller): Spring's problem, typed by its status.
 * </ul>
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

  /**
   * The {@code Retry-After} of an answer shed for want of a database connection: long enough for
   * the pool's queue to drain, short against a client's timeout (the capacity run's is 10 s).
   */
  static final Duration NO_CONNECTION_RETRY_AFTER = Duration.ofSeconds(2);

  private final long bodyLimit;

  ProblemAdvice(LmsSyncProperties properties) {
    this.bodyLimit = properties.maxBodySize().toBytes();
  }

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
    } else if (e instanceof LimitExceededException limit) {
      problem =
          Problems.of(
              limit.scope() == LimitExceededException.Scope.CALLER
                  ? ProblemType.RATE_LIMITED
                  : ProblemType.UNAVAILABLE,
              e.getMessage());
    } else if (e instanceof RevokedException) {
      problem = Problems.of(ProblemType.LAUNCH_REVOKED, e.getMessage());
    } else {
      throw new IllegalStateException("unmapped " + e.getClass(), e);
    }
    ResponseEntity.BodyBuilder answer =
        ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (e instanceof UnauthenticatedException) {
      answer.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }
    if (e instanceof LimitExceededException limit) {
      answer.header(
          HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, limit.retryAfter().toSeconds())));
    }
    return answer.body(problem);
  }

  /**
   * No connection within the pool's wait: outside a transaction {@link
   * CannotGetJdbcConnectionException}, at the start of one {@link CannotCreateTransactionException}
   * (both wrap Hikari's {@code SQLTransientConnectionException}). Nothing was written.
   */
  @ExceptionHandler({
    CannotGetJdbcConnectionException.class,
    CannotCreateTransactionException.class
  })
  ResponseEntity<ProblemDetail> noConnection(RuntimeException e) {
    return ResponseEntity.status(ProblemType.UNAVAILABLE.status())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(NO_CONNECTION_RETRY_AFTER.toSeconds()))
        .body(
            Problems.of(
                ProblemType.UNAVAILABLE,
                "the database is busy or unreachable: no connection within the pool's wait"));
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<Violation> violations = new ArrayList<>();
    for (FieldError error : ex.getBindingResult().getFieldErrors()) {
      violations.add(Violation.field(error.getField(), message(error)));
    }
    for (ObjectError error : ex.getBindingResult().getGlobalErrors()) {
      violations.add(new Violation(null, "", message(error)));
    }
    return invalid(ProblemType.INVALID_REQUEST, violations, headers, request);
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<Violation> violations = new ArrayList<>();
    for (ParameterValidationResult result : ex.getParameterValidationResults()) {
      if (result instanceof ParameterErrors errors) {
        errors
            .getFieldErrors()
            .forEach(error -> violations.add(Violation.field(error.getField(), message(error))));
        errors
            .getGlobalErrors()
            .forEach(error -> violations.add(new Violation(null, "", message(error))));
      } else {
        String name = result.getMethodParameter().getParameterName();
        result
            .getResolvableErrors()
            .forEach(error -> violations.add(Violation.field(name, message(error))));
      }
    }
    return invalid(ProblemType.INVALID_REQUEST, violations, headers, request);
  }

  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String name =
        ex instanceof MethodArgumentTypeMismatchException argument
            ? argument.getName()
            : ex.getPropertyName();
    return invalid(
        ProblemType.INVALID_REQUEST,
        List.of(Violation.field(name, "must be " + describe(ex.getRequiredType()))),
        headers,
        request);
  }

  @Override
  protected ResponseEntity<Object> handleMissingServletRequestParameter(
      MissingServletRequestParameterException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return invalid(
        ProblemType.INVALID_REQUEST,
        List.of(Violation.field(ex.getParameterName(), "is required")),
        headers,
        request);
  }

  @Override
  protected ResponseEntity<Object> handleServletRequestBindingException(
      ServletRequestBindingException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    if (ex instanceof MissingRequestHeaderException header) {
      return invalid(
          ProblemType.INVALID_REQUEST,
          List.of(Violation.field(header.getHeaderName(), "header is required")),
          headers,
          request);
    }
    return super.handleServletRequestBindingException(ex, headers, status, request);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    if (BodyLimitFilter.tooLarge(ex)) {
      headers.setConnection("close");
      return createResponseEntity(
          BodyLimitFilter.tooLargeProblem(bodyLimit),
          headers,
          HttpStatusCode.valueOf(413),
          request);
    }
    InvalidValueException invalid = cause(ex, InvalidValueException.class);
    if (invalid != null) {
      return invalid(
          ProblemType.INVALID_REQUEST,
          List.of(Violation.field(invalid.field(), invalid.reason())),
          headers,
          request);
    }
    JacksonException json = cause(ex, JacksonException.class);
    if (json instanceof StreamReadException) {
      TokenStreamLocation at = json.getLocation();
      String where =
          at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      return invalid(
          ProblemType.MALFORMED_JSON,
          List.of(new Violation(null, "", "is not valid JSON" + where)),
          headers,
          request);
    }
    if (json != null && !json.getPath().isEmpty()) {
      String message =
          json instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
              ? "must be " + describe(mismatch.getTargetType())
              : "is invalid";
      return invalid(
          ProblemType.INVALID_REQUEST,
          List.of(new Violation(field(json), pointer(json), message)),
          headers,
          request);
    }
    return invalid(
        ProblemType.INVALID_REQUEST,
        List.of(
            new Violation(
                null,
                "",
                json instanceof MismatchedInputException mismatch
                        && mismatch.getTargetType() != null
                    ? "must be " + describe(mismatch.getTargetType())
                    : "is required: a JSON object")),
        headers,
        request);
  }

  /** Gives every problem Spring builds the catalogue's type for its status. */
  @Override
  protected ResponseEntity<Object> createResponseEntity(
      Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
    if (body instanceof ProblemDetail problem) {
      Problems.typed(problem);
    }
    return super.createResponseEntity(body, headers, statusCode, request);
  }

  private ResponseEntity<Object> invalid(
      ProblemType type, List<Violation> violations, HttpHeaders headers, WebRequest request) {
    return createResponseEntity(
        Problems.invalid(type, violations), headers, HttpStatusCode.valueOf(400), request);
  }

  private static String message(MessageSourceResolvable error) {
    return error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
  }

  private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /** {@code topics[0].topicId} from the path of a JSON error. */
  private static String field(JacksonException e) {
    StringBuilder field = new StringBuilder();
    for (JacksonException.Reference reference : e.getPath()) {
      if (reference.getPropertyName() != null) {
        if (!field.isEmpty()) {
          field.append('.');
        }
        field.append(reference.getPropertyName());
      } else if (reference.getIndex() >= 0) {
        field.append('[').append(reference.getIndex()).append(']');
      }
    }
    return field.toString();
  }

  /** The RFC 6901 pointer ({@code /topics/0/topicId}) of a JSON error. */
  private static String pointer(JacksonException e) {
    StringBuilder pointer = new StringBuilder();
    for (JacksonException.Reference reference : e.getPath()) {
      pointer.append('/');
      if (reference.getPropertyName() != null) {
        pointer.append(reference.getPropertyName().replace("~", "~0").replace("/", "~1"));
      } else {
        pointer.append(reference.getIndex());
      }
    }
    return pointer.toString();
  }

  /** What a value of {@code type} looks like, in a client's words. */
  static String describe(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type.isEnum()) {
      return "one of " + Arrays.toString(type.getEnumConstants());
    }
    if (type == int.class
        || type == long.class
        || type == short.class
        || type == Integer.class
        || type == Long.class
        || type == Short.class) {
      return "an integer";
    }
    if (type == double.class
        || type == float.class
        || Number.class.isAssignableFrom(type)
        || type == BigDecimal.class) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (CharSequence.class.isAssignableFrom(type)) {
      return "a string";
    }
    if (type == UUID.class) {
      return "a UUID";
    }
    if (Temporal.class.isAssignableFrom(type)) {
      return "an ISO 8601 time";
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "an object";
    }
    return "an object";
  }
}

package io.learnpulse.ingest.problem;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Ends a request with a problem: Spring's {@link ErrorResponseException} (status, response headers
 * and the {@link ProblemDetail} body), made by {@link Problems} from the shared catalogue of
 * problem types, rendered by {@link ProblemExceptionHandler}. It carries no stack trace: it is an
 * expected answer to a client's request, not a failure to diagnose, and a flood of bad requests
 * must stay cheap.
 */
public class ProblemException extends ErrorResponseException {

  private static final long serialVersionUID = 1L;

  /** The problem {@code body}, answered with {@code status} and {@code headers}. */
  public ProblemException(HttpStatusCode status, ProblemDetail body, HttpHeaders headers) {
    super(status, body, null);
    getHeaders().addAll(headers);
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}

package io.learnpulse.lmssync.web;

import io.learnpulse.schemas.wire.ProblemType;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Builds Spring's {@link ProblemDetail} from an entry of the shared {@link ProblemType} catalogue.
 */
public final class Problems {

  private Problems() {}

  /** A problem of {@code type} with its default status. */
  public static ProblemDetail of(ProblemType type, String detail) {
    return of(type, type.status(), detail);
  }

  /** A problem of {@code type} answered with {@code status} (e.g. 400 for an invalid value). */
  public static ProblemDetail of(ProblemType type, int status, String detail) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail);
    problem.setType(type.uri());
    problem.setTitle(type.title());
    return problem;
  }

  /**
   * A 400 {@link ProblemType#INVALID_REQUEST} naming one field: {@code field}, and {@code errors}
   * with one {@code {field, message}} entry.
   */
  public static ProblemDetail invalid(String field, String message) {
    ProblemDetail problem = of(ProblemType.INVALID_REQUEST, 400, field + " " + message);
    problem.setProperty("field", field);
    problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
    return problem;
  }
}

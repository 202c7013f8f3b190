package io.learnpulse.lmssync.web;

import io.learnpulse.schemas.wire.ProblemType;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Builds Spring's {@link ProblemDetail} from an entry of the shared {@link ProblemType} catalogue:
 * {@code type} and {@code title} from the entry, the status given or the entry's. Invalid input
 * carries {@code errors}: one {@code {field|pointer, message}} per offending value, and {@code
 * field}, the first one's field, for clients that read a single field.
 */
public final class Problems {

  private static final URI ABOUT_BLANK = URI.create("about:blank");

  private Problems() {}

  /**
   * One offending value of a request.
   *
   * @param field the value as a client names it ({@code topics[0].topicId}, a query parameter, a
   *     header), or null when only a JSON pointer is known
   * @param pointer RFC 6901 pointer into the JSON body ({@code /topics/0/topicId}, {@code ""} for
   *     the whole body), or null for values outside the body
   * @param message what is wrong with it
   */
  public record Violation(String field, String pointer, String message) {

    /** A value named by its field. */
    public static Violation field(String field, String message) {
      return new Violation(field, null, message);
    }

    Map<String, String> toMap() {
      Map<String, String> map = new LinkedHashMap<>();
      if (field != null) {
        map.put("field", field);
      }
      if (pointer != null) {
        map.put("pointer", pointer);
      }
      map.put("message", message);
      return map;
    }

    String describe() {
      String name = field != null ? field : pointer.isEmpty() ? "the body" : pointer;
      return name + " " + message;
    }
  }

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

  /** A 400 {@link ProblemType#INVALID_REQUEST} naming one field. */
  public static ProblemDetail invalid(String field, String message) {
    return invalid(ProblemType.INVALID_REQUEST, List.of(Violation.field(field, message)));
  }

  /**
   * A 400 problem of {@code type} ({@link ProblemType#INVALID_REQUEST} or {@link
   * ProblemType#MALFORMED_JSON}) listing {@code violations}; the detail names them all.
   */
  public static ProblemDetail invalid(ProblemType type, List<Violation> violations) {
    ProblemDetail problem =
        of(type, 400, String.join("; ", violations.stream().map(Violation::describe).toList()));
    violations.stream()
        .map(Violation::field)
        .filter(f -> f != null)
        .findFirst()
        .ifPresent(f -> problem.setProperty("field", f));
    problem.setProperty("errors", violations.stream().map(Violation::toMap).toList());
    return problem;
  }

  /**
   * Gives a problem that Spring built ({@code about:blank}) the catalogue's type and title for its
   * status, where the catalogue has one.
   */
  public static ProblemDetail typed(ProblemDetail problem) {
    if (problem.getType() == null || ABOUT_BLANK.equals(problem.getType())) {
      forStatus(problem.getStatus())
          .ifPresent(
              type -> {
                problem.setType(type.uri());
                problem.setTitle(type.title());
              });
    }
    return problem;
  }

  /** The catalogue's entry for a status that Spring decided, if there is one. */
  static Optional<ProblemType> forStatus(int status) {
    return Optional.ofNullable(
        switch (status) {
          case 400 -> ProblemType.INVALID_REQUEST;
          case 401 -> ProblemType.INVALID_TOKEN;
          case 403 -> ProblemType.FORBIDDEN;
          case 404 -> ProblemType.NOT_FOUND;
          case 409 -> ProblemType.CONFLICT;
          case 413 -> ProblemType.BODY_TOO_LARGE;
          case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
          case 429 -> ProblemType.RATE_LIMITED;
          case 503 -> ProblemType.UNAVAILABLE;
          default -> null;
        });
  }
}

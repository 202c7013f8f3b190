package io.learnpulse.ingest.problem;

import java.util.Objects;

/** Ends a request with a problem response; rendered by {@link ProblemExceptionHandler}. */
public class ProblemException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Problem problem;

  /** Ends the request with {@code problem}. */
  public ProblemException(Problem problem) {
    super(
        problem.status().value() + " " + problem.type() + ": " + problem.detail(),
        null,
        false,
        false);
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  /** The problem to answer with. */
  public Problem problem() {
    return problem;
  }
}

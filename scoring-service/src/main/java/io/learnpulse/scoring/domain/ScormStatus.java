package io.learnpulse.scoring.domain;

/** The SCORM values a topic result maps to. */
public final class ScormStatus {

  private ScormStatus() {}

  /** SCORM 2004 {@code cmi.completion_status}. */
  public enum Completion {
    INCOMPLETE,
    COMPLETED
  }

  /** SCORM 2004 {@code cmi.success_status}. */
  public enum Success {
    UNKNOWN,
    PASSED,
    FAILED
  }

  /** SCORM 1.2 {@code cmi.core.lesson_status}. */
  public enum LessonStatus {
    INCOMPLETE,
    COMPLETED,
    PASSED,
    FAILED
  }

  /** Completed when finished, else incomplete. */
  public static Completion completion(boolean finished) {
    return finished ? Completion.COMPLETED : Completion.INCOMPLETE;
  }

  /** Passed or failed once finished, unknown before. */
  public static Success success(boolean finished, boolean passed) {
    if (!finished) {
      return Success.UNKNOWN;
    }
    return passed ? Success.PASSED : Success.FAILED;
  }

  /**
   * {@code passed} when finished and passed; when finished and not passed {@code completed}, or
   * {@code failed} when the assignment asks for it; {@code incomplete} before.
   */
  public static LessonStatus lessonStatus(
      boolean finished, boolean passed, boolean failedWhenNotPassed) {
    if (!finished) {
      return LessonStatus.INCOMPLETE;
    }
    if (passed) {
      return LessonStatus.PASSED;
    }
    return failedWhenNotPassed ? LessonStatus.FAILED : LessonStatus.COMPLETED;
  }
}

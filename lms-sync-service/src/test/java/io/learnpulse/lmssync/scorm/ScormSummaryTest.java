package io.learnpulse.lmssync.scorm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.learnpulse.lmssync.scorm.TopicProgress.Completion;
import io.learnpulse.lmssync.scorm.TopicProgress.Lesson;
import io.learnpulse.lmssync.scorm.TopicProgress.Success;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ScormSummaryTest {

  /** docs/design.md#worked-examples: a scores 75, b scores 100, STANDARD with passing score 70. */
  private static final TopicProgress PASSED_87_5 =
      TopicProgress.of(1, Completion.COMPLETED, Success.PASSED, Lesson.PASSED, 87.5);

  private static final Bookmark AT_B_STEP_2 = new Bookmark("t", "b", 2, Set.of(0), null);

  @Test
  void reportsTheWorkedExampleInScorm2004() {
    ScormSummary summary =
        ScormSummary.of(
            ScormVersion.SCORM_2004_4TH, PASSED_87_5, Duration.ofSeconds(60), AT_B_STEP_2);

    assertThat(summary.policyVersion()).isEqualTo(1);
    assertThat(summary.elements())
        .containsExactly(
            entry("cmi.completion_status", "completed"),
            entry("cmi.success_status", "passed"),
            entry("cmi.score.raw", "87.5"),
            entry("cmi.score.min", "0"),
            entry("cmi.score.max", "100"),
            entry("cmi.score.scaled", "0.875"),
            entry("cmi.session_time", "PT1M"),
            entry("cmi.location", "t/b/2"),
            entry("cmi.suspend_data", "1|t|b|2|0|"),
            entry("cmi.exit", "normal"));
  }

  @Test
  void reportsTheWorkedExampleInScorm12() {
    ScormSummary summary =
        ScormSummary.of(ScormVersion.SCORM_12, PASSED_87_5, Duration.ofSeconds(60), AT_B_STEP_2);

    assertThat(summary.elements())
        .containsExactly(
            entry("cmi.core.lesson_status", "passed"),
            entry("cmi.core.score.raw", "87.5"),
            entry("cmi.core.score.min", "0"),
            entry("cmi.core.score.max", "100"),
            entry("cmi.core.session_time", "00:01:00"),
            entry("cmi.core.lesson_location", "t/b/2"),
            entry("cmi.suspend_data", "1|t|b|2|0|"),
            entry("cmi.core.exit", ""));
  }

  @Test
  void reportsAPartialScoreWhileIncomplete() {
    TopicProgress onlyAResolved =
        TopicProgress.of(1, Completion.INCOMPLETE, Success.UNKNOWN, Lesson.INCOMPLETE, 75.0);

    assertThat(
            ScormSummary.of(ScormVersion.SCORM_2004_3RD, onlyAResolved, Duration.ZERO, AT_B_STEP_2)
                .elements())
        .contains(
            entry("cmi.completion_status", "incomplete"),
            entry("cmi.success_status", "unknown"),
            entry("cmi.score.raw", "75"),
            entry("cmi.score.scaled", "0.75"),
            entry("cmi.session_time", "PT0S"),
            entry("cmi.exit", "suspend"));
    assertThat(
            ScormSummary.of(ScormVersion.SCORM_12, onlyAResolved, Duration.ZERO, AT_B_STEP_2)
                .elements())
        .contains(
            entry("cmi.core.lesson_status", "incomplete"),
            entry("cmi.core.score.raw", "75"),
            entry("cmi.core.exit", "suspend"));
  }

  @Test
  void reportsFinishedButNotPassedAsTheStatusSays() {
    TopicProgress failed =
        TopicProgress.of(2, Completion.COMPLETED, Success.FAILED, Lesson.FAILED, 60.0);
    TopicProgress completed =
        TopicProgress.of(2, Completion.COMPLETED, Success.FAILED, Lesson.COMPLETED, 60.0);

    assertThat(ScormSummary.of(ScormVersion.SCORM_2004_4TH, failed, Duration.ZERO, null).elements())
        .contains(
            entry("cmi.completion_status", "completed"), entry("cmi.success_status", "failed"));
    assertThat(ScormSummary.of(ScormVersion.SCORM_12, failed, Duration.ZERO, null).elements())
        .contains(entry("cmi.core.lesson_status", "failed"));
    assertThat(ScormSummary.of(ScormVersion.SCORM_12, completed, Duration.ZERO, null).elements())
        .contains(entry("cmi.core.lesson_status", "completed"));
  }

  @ParameterizedTest
  @EnumSource(ScormVersion.class)
  void writesNoScoreBeforeAChallengeIsResolved(ScormVersion version) {
    ScormSummary summary =
        ScormSummary.of(version, TopicProgress.NOT_STARTED, Duration.ofSeconds(5), null);

    assertThat(summary.elements().keySet()).noneMatch(name -> name.contains(".score."));
    assertThat(summary.elements().keySet())
        .noneMatch(name -> name.contains("location") || name.contains("suspend_data"));
    assertThat(summary.policyVersion()).isZero();
  }

  @Test
  void writesScoreBoundsExactly() {
    TopicProgress zero =
        TopicProgress.of(1, Completion.COMPLETED, Success.FAILED, Lesson.FAILED, 0.0);
    TopicProgress full =
        TopicProgress.of(1, Completion.COMPLETED, Success.PASSED, Lesson.PASSED, 100.0);
    TopicProgress thirds =
        TopicProgress.of(1, Completion.COMPLETED, Success.PASSED, Lesson.PASSED, 83.333333);

    assertThat(ScormSummary.of(ScormVersion.SCORM_2004_4TH, zero, Duration.ZERO, null).elements())
        .contains(entry("cmi.score.raw", "0"), entry("cmi.score.scaled", "0"));
    assertThat(ScormSummary.of(ScormVersion.SCORM_2004_4TH, full, Duration.ZERO, null).elements())
        .contains(entry("cmi.score.raw", "100"), entry("cmi.score.scaled", "1"));
    assertThat(ScormSummary.of(ScormVersion.SCORM_2004_4TH, thirds, Duration.ZERO, null).elements())
        .contains(entry("cmi.score.raw", "83.33"), entry("cmi.score.scaled", "0.8333"));
  }

  @Test
  void rejectsScoresOutsideTheScorm12Range() {
    assertThatThrownBy(
            () -> TopicProgress.of(1, Completion.COMPLETED, Success.PASSED, Lesson.PASSED, 100.01))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new TopicProgress(
                    1, Completion.COMPLETED, Success.PASSED, Lesson.PASSED, BigDecimal.valueOf(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void capsScorm12SessionTimeAtTheLargestTimespan() {
    ScormSummary summary =
        ScormSummary.of(
            ScormVersion.SCORM_12, TopicProgress.NOT_STARTED, Duration.ofHours(10_000), null);

    assertThat(summary.elements()).containsEntry("cmi.core.session_time", "9999:59:59.99");
  }

  @Test
  void keepsLocationWithinEachVersionsLimit() {
    String longChallenge = "c".repeat(300);
    Bookmark bookmark = new Bookmark("topic", longChallenge, 1, Set.of(), null);

    assertThat(
            ScormSummary.of(
                    ScormVersion.SCORM_12, TopicProgress.NOT_STARTED, Duration.ZERO, bookmark)
                .elements())
        .containsEntry("cmi.core.lesson_location", "topic");
    assertThat(
            ScormSummary.of(
                    ScormVersion.SCORM_2004_4TH, TopicProgress.NOT_STARTED, Duration.ZERO, bookmark)
                .elements())
        .containsEntry("cmi.location", "topic/" + longChallenge + "/1");
    assertThat(ScormSummary.location(Bookmark.startOf("t".repeat(256)), 255)).isNull();
  }

  @Test
  void keepsSuspendDataWithinEachVersionsLimit() {
    String huge = "x".repeat(5000);
    Bookmark bookmark = new Bookmark("t", "c", 1, Set.of(), huge);

    assertThat(
            ScormSummary.of(
                    ScormVersion.SCORM_12, TopicProgress.NOT_STARTED, Duration.ZERO, bookmark)
                .elements())
        .containsEntry("cmi.suspend_data", "1|t|c|1||");
    assertThat(
            ScormSummary.of(
                    ScormVersion.SCORM_2004_3RD, TopicProgress.NOT_STARTED, Duration.ZERO, bookmark)
                .elements())
        .containsEntry("cmi.suspend_data", "1|t|c|1||" + huge);
  }
}

package io.learnpulse.lmssync.scorm;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.lmssync.scorm.RegressionRule.Decision;
import io.learnpulse.lmssync.scorm.TopicProgress.Completion;
import io.learnpulse.lmssync.scorm.TopicProgress.Lesson;
import io.learnpulse.lmssync.scorm.TopicProgress.Success;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class RegressionRuleTest {

  private static final TopicProgress PASSED_90 =
      progress(1, Completion.COMPLETED, Success.PASSED, Lesson.PASSED, "90");

  @Test
  void aPolicyChangeThatWouldUncompleteIsHeldUnderNeverLower() {
    TopicProgress stricter =
        progress(2, Completion.INCOMPLETE, Success.UNKNOWN, Lesson.INCOMPLETE, "90");

    Decision decision = RegressionRule.NEVER_LOWER.decide(PASSED_90, stricter);

    assertThat(decision.progress())
        .isEqualTo(progress(2, Completion.COMPLETED, Success.PASSED, Lesson.PASSED, "90"));
    assertThat(decision.reason())
        .isEqualTo(
            "regression held (NEVER_LOWER, policy v2): kept completion completed over incomplete,"
                + " success passed over unknown, lesson passed over incomplete");
  }

  @Test
  void aLateHintThatWouldLowerTheScoreIsHeldUnderNeverLowerAndSentUnderAllow() {
    TopicProgress lower = progress(1, Completion.COMPLETED, Success.PASSED, Lesson.PASSED, "85");

    Decision held = RegressionRule.NEVER_LOWER.decide(PASSED_90, lower);
    Decision allowed = RegressionRule.ALLOW.decide(PASSED_90, lower);

    assertThat(held.progress()).isEqualTo(PASSED_90);
    assertThat(held.reason())
        .isEqualTo("regression held (NEVER_LOWER, policy v1): kept score 90 over 85");
    assertThat(allowed.progress()).isEqualTo(lower);
    assertThat(allowed.reason()).isEqualTo("regression allowed (ALLOW, policy v1): score 90 → 85");
  }

  @Test
  void onlyTheLoweredElementsAreKept() {
    TopicProgress held = progress(1, Completion.COMPLETED, Success.FAILED, Lesson.FAILED, "60");
    TopicProgress incoming =
        progress(2, Completion.INCOMPLETE, Success.UNKNOWN, Lesson.INCOMPLETE, "70");

    Decision decision = RegressionRule.NEVER_LOWER.decide(held, incoming);

    assertThat(decision.progress())
        .isEqualTo(progress(2, Completion.COMPLETED, Success.UNKNOWN, Lesson.FAILED, "70"));
  }

  @Test
  void risingOrSidewaysChangesAreNoRegression() {
    TopicProgress started =
        progress(1, Completion.INCOMPLETE, Success.UNKNOWN, Lesson.INCOMPLETE, null);
    TopicProgress completedFailed =
        progress(1, Completion.COMPLETED, Success.FAILED, Lesson.FAILED, "60");
    TopicProgress completedNotFailed =
        progress(2, Completion.COMPLETED, Success.FAILED, Lesson.COMPLETED, "60");

    for (RegressionRule rule : RegressionRule.values()) {
      assertThat(rule.decide(started, PASSED_90)).isEqualTo(new Decision(PASSED_90, null));
      assertThat(rule.decide(TopicProgress.NOT_STARTED, started).reason()).isNull();
      assertThat(rule.decide(completedFailed, completedNotFailed))
          .as("failed ↔ completed in 1.2 is a policy option, not a lowering")
          .isEqualTo(new Decision(completedNotFailed, null));
    }
  }

  @Test
  void aScoreThatDisappearsIsALowering() {
    TopicProgress noScore = progress(3, Completion.COMPLETED, Success.PASSED, Lesson.PASSED, null);

    assertThat(RegressionRule.NEVER_LOWER.decide(PASSED_90, noScore).progress().rawScore())
        .isEqualByComparingTo("90");
    assertThat(RegressionRule.ALLOW.decide(PASSED_90, noScore).reason())
        .isEqualTo("regression allowed (ALLOW, policy v3): score 90 → none");
  }

  private static TopicProgress progress(
      int policy, Completion completion, Success success, Lesson lesson, String raw) {
    return new TopicProgress(
        policy, completion, success, lesson, raw == null ? null : new BigDecimal(raw));
  }
}

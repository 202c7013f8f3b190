package io.learnpulse.lmssync.scorm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.learnpulse.lmssync.scorm.CommitRule.Decision;
import io.learnpulse.lmssync.scorm.CommitRule.LastCommit;
import io.learnpulse.lmssync.scorm.TopicProgress.Completion;
import io.learnpulse.lmssync.scorm.TopicProgress.Lesson;
import io.learnpulse.lmssync.scorm.TopicProgress.Success;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CommitRuleTest {

  private static final Instant LAST_AT = Instant.parse("2026-12-02T10:00:00Z");
  private static final CommitRule FIVE_MINUTES = new CommitRule(Duration.ofMinutes(5));
  private static final Bookmark AT_A_1 = new Bookmark("t", "a", 1, Set.of(), null);
  private static final Bookmark AT_A_2 = new Bookmark("t", "a", 2, Set.of(), null);

  private static ScormSummary summary(
      ScormVersion version, TopicProgress progress, long seconds, Bookmark bookmark) {
    return ScormSummary.of(version, progress, Duration.ofSeconds(seconds), bookmark);
  }

  private static LastCommit committed(ScormSummary summary) {
    return new LastCommit(summary.elements(), summary.policyVersion(), LAST_AT);
  }

  @ParameterizedTest
  @EnumSource(ScormVersion.class)
  void aSessionTimeChangeAloneWaitsForTheIntervalInAnActiveSession(ScormVersion version) {
    LastCommit last = committed(summary(version, TopicProgress.NOT_STARTED, 30, AT_A_1));
    ScormSummary now = summary(version, TopicProgress.NOT_STARTED, 60, AT_A_1);

    assertThat(FIVE_MINUTES.decide(now, last, true, null, LAST_AT.plusSeconds(299)))
        .isEqualTo(Decision.NONE);
    assertThat(FIVE_MINUTES.decide(now, last, true, null, LAST_AT.plusSeconds(300)))
        .isEqualTo(new Decision(true, null));
    assertThat(FIVE_MINUTES.decide(now, last, false, null, LAST_AT.plusSeconds(1)))
        .as("an ended session gets its final time at once")
        .isEqualTo(new Decision(true, null));
  }

  @Test
  void zeroCommitsEverySessionTimeChangeAtOnce() {
    CommitRule zero = new CommitRule(Duration.ZERO);
    ScormVersion version = ScormVersion.SCORM_2004_4TH;
    LastCommit last = committed(summary(version, TopicProgress.NOT_STARTED, 30, AT_A_1));

    assertThat(
            zero.decide(
                summary(version, TopicProgress.NOT_STARTED, 60, AT_A_1), last, true, null, LAST_AT))
        .isEqualTo(new Decision(true, null));
    assertThat(
            zero.decide(
                summary(version, TopicProgress.NOT_STARTED, 30, AT_A_1), last, true, null, LAST_AT))
        .as("nothing changed")
        .isEqualTo(Decision.NONE);
  }

  @ParameterizedTest
  @EnumSource(ScormVersion.class)
  void anyOtherChangeCommitsAtOnceWithTheSessionTime(ScormVersion version) {
    LastCommit last = committed(summary(version, TopicProgress.NOT_STARTED, 30, AT_A_1));
    Instant soon = LAST_AT.plusSeconds(1);

    assertThat(
            FIVE_MINUTES.decide(
                summary(version, TopicProgress.NOT_STARTED, 60, AT_A_2), last, true, null, soon))
        .as("bookmark moved with the time")
        .isEqualTo(new Decision(true, null));
    TopicProgress scored =
        TopicProgress.of(0, Completion.INCOMPLETE, Success.UNKNOWN, Lesson.INCOMPLETE, 50.0);
    assertThat(FIVE_MINUTES.decide(summary(version, scored, 60, AT_A_1), last, true, null, soon))
        .as("score")
        .isEqualTo(new Decision(true, null));
    TopicProgress policy2 =
        TopicProgress.of(2, Completion.INCOMPLETE, Success.UNKNOWN, Lesson.INCOMPLETE, null);
    assertThat(FIVE_MINUTES.decide(summary(version, policy2, 60, AT_A_1), last, true, null, soon))
        .isEqualTo(new Decision(true, "policy v2"));
    assertThat(
            FIVE_MINUTES.decide(
                summary(version, TopicProgress.NOT_STARTED, 60, AT_A_1),
                last,
                true,
                "regression held",
                soon))
        .isEqualTo(new Decision(true, "regression held"));
    assertThat(
            FIVE_MINUTES.decide(
                summary(version, TopicProgress.NOT_STARTED, 60, AT_A_1), null, true, null, soon))
        .as("a session's first commit")
        .isEqualTo(new Decision(true, null));
  }

  @Test
  void onlyTheSessionTimeElementCounts() {
    ScormSummary before = summary(ScormVersion.SCORM_12, TopicProgress.NOT_STARTED, 30, AT_A_1);
    assertThat(before.sessionTimeElement()).isEqualTo("cmi.core.session_time");
    assertThat(before.differsOnlyInSessionTime(before.elements())).isFalse();
    assertThat(
            summary(ScormVersion.SCORM_12, TopicProgress.NOT_STARTED, 31, AT_A_1)
                .differsOnlyInSessionTime(before.elements()))
        .isTrue();
    assertThat(
            summary(ScormVersion.SCORM_12, TopicProgress.NOT_STARTED, 31, null)
                .differsOnlyInSessionTime(before.elements()))
        .as("an element gone")
        .isFalse();
  }

  @Test
  void refusesANegativeInterval() {
    assertThatThrownBy(() -> new CommitRule(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

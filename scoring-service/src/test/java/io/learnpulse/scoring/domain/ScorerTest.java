package io.learnpulse.scoring.domain;

import static io.learnpulse.scoring.domain.ScormStatus.Completion.COMPLETED;
import static io.learnpulse.scoring.domain.ScormStatus.Completion.INCOMPLETE;
import static io.learnpulse.scoring.domain.ScormStatus.Success.FAILED;
import static io.learnpulse.scoring.domain.ScormStatus.Success.PASSED;
import static io.learnpulse.scoring.domain.ScormStatus.Success.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.learnpulse.scoring.domain.ChallengeEvent.ReviewOutcome;
import io.learnpulse.scoring.domain.RejectedEvent.Reason;
import io.learnpulse.scoring.domain.ScormStatus.Completion;
import io.learnpulse.scoring.domain.ScormStatus.LessonStatus;
import io.learnpulse.scoring.domain.ScormStatus.Success;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** docs/design.md#scoring-contract, case by case; the worked examples come first. */
class ScorerTest {

  private static final ScoringPolicy STANDARD =
      ScoringPolicy.builder(Timeline.ASSIGNMENT).topic(Timeline.TOPIC, "a", "b").build();

  private static ScoringPolicy.Builder policy() {
    return STANDARD.toBuilder();
  }

  /**
   * What a topic must look like.
   *
   * @param scores expected score per challenge in the policy's order, null when unresolved
   * @param raw expected raw score, null when none
   * @param scaled expected scaled score, null when none
   */
  record Expected(
      List<Integer> scores,
      String raw,
      String scaled,
      Completion completion,
      Success success,
      LessonStatus lessonStatus) {}

  private static Expected expect(
      Integer a, Integer b, String raw, String scaled, Completion c, Success s, LessonStatus l) {
    return new Expected(Arrays.asList(a, b), raw, scaled, c, s, l);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        // docs/design.md#worked-examples (STANDARD, passing 70, challenges a and b)
        arguments(
            "worked example: a one hint, one incorrect, then correct → 75; b first try → 100;"
                + " raw 87.5, scaled 0.875, 2004 completed/passed, 1.2 passed",
            STANDARD,
            new Timeline().opened("a").hint("a", 0).incorrect("a").correct("a").solve("b", 0, 0),
            expect(75, 100, "87.50", "0.8750", COMPLETED, PASSED, LessonStatus.PASSED)),
        arguments(
            "worked example: only a resolved → raw 75, 2004 incomplete/unknown, 1.2 incomplete",
            STANDARD,
            new Timeline().solve("a", 1, 1).opened("b"),
            expect(75, null, "75.00", "0.7500", INCOMPLETE, UNKNOWN, LessonStatus.INCOMPLETE)),
        arguments(
            "worked example: b with three hints, then correct → 70 still passes",
            STANDARD,
            new Timeline().solve("a", 1, 1).solve("b", 3, 0),
            expect(75, 70, "72.50", "0.7250", COMPLETED, PASSED, LessonStatus.PASSED)),
        arguments(
            "worked example: b with two incorrect and one hint → 60, 2004 completed/failed,"
                + " 1.2 completed",
            STANDARD,
            new Timeline().solve("a", 1, 1).solve("b", 1, 2),
            expect(75, 60, "67.50", "0.6750", COMPLETED, FAILED, LessonStatus.COMPLETED)),
        arguments(
            "worked example: b with two incorrect and one hint → 60, 1.2 failed by option",
            policy().scorm12FailedWhenNotPassed(true).build(),
            new Timeline().solve("a", 1, 1).solve("b", 1, 2),
            expect(75, 60, "67.50", "0.6750", COMPLETED, FAILED, LessonStatus.FAILED)),
        arguments(
            "worked example: the same hint revealed twice counts once → 90",
            STANDARD,
            new Timeline().opened("a").hint("a", 0).hint("a", 0).correct("a"),
            expect(90, null, "90.00", "0.9000", INCOMPLETE, UNKNOWN, LessonStatus.INCOMPLETE)),
        arguments(
            "worked example: one event delivered twice counts once → 85",
            STANDARD,
            new Timeline().opened("a").incorrect("a").redeliverLast().correct("a"),
            expect(85, null, "85.00", "0.8500", INCOMPLETE, UNKNOWN, LessonStatus.INCOMPLETE)),
        // resolution and what counts before it
        arguments(
            "nothing resolved: no score, incomplete",
            STANDARD,
            new Timeline().opened("a").hint("a", 0).incorrect("a"),
            expect(null, null, null, null, INCOMPLETE, UNKNOWN, LessonStatus.INCOMPLETE)),
        arguments(
            "hints and answers after resolution change nothing",
            STANDARD,
            new Timeline().solve("a", 0, 0).hint("a", 0).incorrect("a").correct("a"),
            expect(100, null, "100.00", "1.0000", INCOMPLETE, UNKNOWN, LessonStatus.INCOMPLETE)),
        arguments(
            "pending answer reviewed correct resolves; the pending wait costs nothing",
            STANDARD,
            new Timeline()
                .opened("a")
                .pending("a", "p1")
                .reviewed("a", "p1", ReviewOutcome.CORRECT)
                .solve("b", 0, 0),
            expect(100, 100, "100.00", "1.0000", COMPLETED, PASSED, LessonStatus.PASSED)),
        arguments(
            "pending answer reviewed incorrect is an incorrect attempt",
            STANDARD,
            new Timeline()
                .opened("a")
                .pending("a", "p1")
                .reviewed("a", "p1", ReviewOutcome.INCORRECT)
                .correct("a"),
            expect(85, null, "85.00", "0.8500", INCOMPLETE, UNKNOWN, LessonStatus.INCOMPLETE)),
        arguments(
            "a pending answer reviewed after resolution changes nothing",
            STANDARD,
            new Timeline()
                .opened("a")
                .pending("a", "p1")
                .correct("a")
                .reviewed("a", "p1", ReviewOutcome.INCORRECT),
            expect(100, null, "100.00", "1.0000", INCOMPLETE, UNKNOWN, LessonStatus.INCOMPLETE)),
        arguments(
            "penalties never take a score below the minimum (20)",
            STANDARD,
            new Timeline().solve("a", 5, 4).solve("b", 0, 0),
            expect(20, 100, "60.00", "0.6000", COMPLETED, FAILED, LessonStatus.COMPLETED)),
        arguments(
            "per-assignment penalties and minimum: hint 5, incorrect 30, minimum 50",
            policy().hintPenalty(5).incorrectAttemptPenalty(30).minimumChallengeScore(50).build(),
            new Timeline().solve("a", 2, 1).solve("b", 0, 2),
            expect(60, 50, "55.00", "0.5500", COMPLETED, FAILED, LessonStatus.COMPLETED)),
        arguments(
            "per-assignment passing score 60: b at 60 passes",
            policy().passingScore(60).build(),
            new Timeline().solve("a", 1, 1).solve("b", 1, 2),
            expect(75, 60, "67.50", "0.6750", COMPLETED, PASSED, LessonStatus.PASSED)),
        // RELAXED
        arguments(
            "RELAXED: every challenge reviewed, raw 75 ≥ 70 → passed though b is unresolved",
            policy().mode(CompletionMode.RELAXED).build(),
            new Timeline().solve("a", 1, 1).opened("b").lastStep("b"),
            expect(75, null, "75.00", "0.7500", COMPLETED, PASSED, LessonStatus.PASSED)),
        arguments(
            "RELAXED: reviewed by pending answers only, nothing resolved → finished, not passed",
            policy().mode(CompletionMode.RELAXED).build(),
            new Timeline().opened("a").pending("a", "p1").opened("b").pending("b", "p2"),
            expect(null, null, null, null, COMPLETED, FAILED, LessonStatus.COMPLETED)),
        arguments(
            "RELAXED: raw 67.5 < 70 → finished, failed",
            policy().mode(CompletionMode.RELAXED).build(),
            new Timeline().solve("a", 1, 1).solve("b", 1, 2),
            expect(75, 60, "67.50", "0.6750", COMPLETED, FAILED, LessonStatus.COMPLETED)),
        arguments(
            "RELAXED: a challenge answered but never opened is not reviewed",
            policy().mode(CompletionMode.RELAXED).build(),
            new Timeline().solve("a", 0, 0).correct("b"),
            expect(100, 100, "100.00", "1.0000", INCOMPLETE, UNKNOWN, LessonStatus.INCOMPLETE)),
        arguments(
            "RELAXED: a step that is not the last one does not review",
            policy().mode(CompletionMode.RELAXED).build(),
            new Timeline().solve("a", 0, 0).opened("b").step("b", 0, false),
            expect(100, null, "100.00", "1.0000", INCOMPLETE, UNKNOWN, LessonStatus.INCOMPLETE)),
        // STRICT
        arguments(
            "STRICT: 100 and 90 reach the floor 85 → passed",
            policy().mode(CompletionMode.STRICT).build(),
            new Timeline().solve("a", 0, 0).solve("b", 1, 0),
            expect(100, 90, "95.00", "0.9500", COMPLETED, PASSED, LessonStatus.PASSED)),
        arguments(
            "STRICT: b at 80 is under the floor 85 though raw 90 passes → failed",
            policy().mode(CompletionMode.STRICT).build(),
            new Timeline().solve("a", 0, 0).solve("b", 2, 0),
            expect(100, 80, "90.00", "0.9000", COMPLETED, FAILED, LessonStatus.COMPLETED)),
        arguments(
            "STRICT: every score at the floor but raw under a passing score of 90 → failed",
            policy().mode(CompletionMode.STRICT).passingScore(90).build(),
            new Timeline().solve("a", 0, 1).solve("b", 0, 1),
            expect(85, 85, "85.00", "0.8500", COMPLETED, FAILED, LessonStatus.COMPLETED)),
        arguments(
            "STRICT: unresolved b → incomplete",
            policy().mode(CompletionMode.STRICT).build(),
            new Timeline().solve("a", 0, 0).opened("b").lastStep("b"),
            expect(100, null, "100.00", "1.0000", INCOMPLETE, UNKNOWN, LessonStatus.INCOMPLETE)),
        arguments(
            "STRICT: custom floor 75 lets b at 80 pass",
            policy().mode(CompletionMode.STRICT).strictChallengeFloor(75).build(),
            new Timeline().solve("a", 0, 0).solve("b", 2, 0),
            expect(100, 80, "90.00", "0.9000", COMPLETED, PASSED, LessonStatus.PASSED)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void scoresTopic(String name, ScoringPolicy policy, Timeline timeline, Expected expected) {
    TopicResult topic = timeline.history().evaluate(policy).topic(Timeline.TOPIC).orElseThrow();

    assertThat(topic.challenges())
        .extracting(c -> c.score().isPresent() ? c.score().getAsInt() : null)
        .containsExactlyElementsOf(expected.scores());
    assertThat(topic.rawScore().map(BigDecimal::toPlainString).orElse(null))
        .isEqualTo(expected.raw());
    assertThat(topic.scaledScore().map(BigDecimal::toPlainString).orElse(null))
        .isEqualTo(expected.scaled());
    assertThat(topic.completion()).isEqualTo(expected.completion());
    assertThat(topic.success()).isEqualTo(expected.success());
    assertThat(topic.lessonStatus()).isEqualTo(expected.lessonStatus());
    assertThat(topic.finished()).isEqualTo(expected.completion() == COMPLETED);
    assertThat(topic.passed()).isEqualTo(expected.success() == PASSED);
    assertThat(topic.policyVersion()).isEqualTo(policy.version());
  }

  @Test
  void workedExampleBreakdownCountsHintsAndIncorrectAttemptsAndFirstTry() {
    TopicResult topic =
        new Timeline()
            .opened("a")
            .hint("a", 0)
            .incorrect("a")
            .correct("a")
            .solve("b", 0, 0)
            .history()
            .evaluate(STANDARD)
            .topic(Timeline.TOPIC)
            .orElseThrow();

    assertThat(topic.challenges())
        .containsExactly(
            new ChallengeResult("a", true, 1, 1, true, true, false, OptionalInt.of(75)),
            new ChallengeResult("b", true, 0, 0, true, true, true, OptionalInt.of(100)));
  }

  @Test
  void rawScoreIsRoundedHalfUpToTwoDecimals() {
    ScoringPolicy eight =
        ScoringPolicy.builder(Timeline.ASSIGNMENT)
            .topic(Timeline.TOPIC, "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8")
            .build();
    Timeline timeline = new Timeline();
    for (int i = 1; i <= 6; i++) {
      timeline.solve("c" + i, 0, 0);
    }
    timeline.solve("c7", 0, 1).solve("c8", 0, 6); // 6 × 100 + 85 + 20 = 705; 705 / 8 = 88.125

    TopicResult topic = timeline.history().evaluate(eight).topic(Timeline.TOPIC).orElseThrow();

    assertThat(topic.rawScore()).contains(new BigDecimal("88.13"));
    assertThat(topic.scaledScore()).contains(new BigDecimal("0.8813"));
  }

  @Test
  void eventsAreEvaluatedInOccurrenceOrderWhateverOrderTheyArrived() {
    Timeline timeline =
        new Timeline().opened("a").hint("a", 0).incorrect("a").correct("a").solve("b", 0, 0);
    List<ChallengeEvent> shuffled = new ArrayList<>(timeline.events());
    Collections.shuffle(shuffled, new Random(42));
    Collections.reverse(shuffled);
    RegistrationHistory history = new RegistrationHistory("registration-1");
    shuffled.forEach(history::add);

    assertThat(history.events()).isEqualTo(timeline.events());
    assertThat(history.evaluate(STANDARD)).isEqualTo(timeline.history().evaluate(STANDARD));
  }

  @Test
  void sessionSequenceBreaksTiesOfOccurredAt() {
    ChallengeEvent.ChallengeRef a =
        new ChallengeEvent.ChallengeRef(Timeline.ASSIGNMENT, Timeline.TOPIC, "a");
    java.time.Instant sameTime = Timeline.START;
    // the correct answer (sequence 3) arrives first but comes after the incorrect one (sequence 2)
    RegistrationHistory history = new RegistrationHistory("registration-1");
    history.add(
        new ChallengeEvent.AnswerSubmitted(
            new java.util.UUID(0, 9),
            sameTime,
            3,
            a,
            "second",
            ChallengeEvent.SubmissionOutcome.CORRECT));
    history.add(
        new ChallengeEvent.AnswerSubmitted(
            new java.util.UUID(0, 1),
            sameTime,
            2,
            a,
            "first",
            ChallengeEvent.SubmissionOutcome.INCORRECT));

    assertThat(history.evaluate(STANDARD).topic(Timeline.TOPIC).orElseThrow().challenges())
        .first()
        .extracting(ChallengeResult::score)
        .isEqualTo(OptionalInt.of(85));
  }

  @Test
  void duplicateEventIdIsIgnored() {
    Timeline timeline = new Timeline().opened("a");
    RegistrationHistory history = timeline.history();

    boolean added = history.add(timeline.events().get(0));

    assertThat(added).isFalse();
    assertThat(history.events()).hasSize(1);
  }

  @Test
  void reportsAndIgnoresEventsOutsideTheAssignment() {
    Timeline timeline =
        new Timeline()
            .solve("a", 0, 0)
            .opened("zz")
            .correct("zz")
            .in(Timeline.ASSIGNMENT, "other-topic")
            .opened("a")
            .in("other-assignment", Timeline.TOPIC)
            .hint("a", 0);

    Evaluation evaluation = timeline.history().evaluate(STANDARD);

    assertThat(evaluation.rejected())
        .extracting(r -> r.event().challenge().challengeId() + " " + r.reason())
        .containsExactly(
            "zz " + Reason.UNKNOWN_CHALLENGE,
            "zz " + Reason.UNKNOWN_CHALLENGE,
            "a " + Reason.UNKNOWN_TOPIC,
            "a " + Reason.OTHER_ASSIGNMENT);
    assertThat(evaluation.topics()).containsOnlyKeys(Timeline.TOPIC);
    assertThat(evaluation.topic(Timeline.TOPIC).orElseThrow().challenges())
        .extracting(ChallengeResult::hints)
        .containsExactly(0, 0);
  }

  @Test
  void reportsAndIgnoresReviewOfAnAnswerThatWasNeverPending() {
    Timeline timeline =
        new Timeline()
            .opened("a")
            .incorrect("a")
            .reviewed("a", "answer-1", ReviewOutcome.CORRECT)
            .reviewed("a", "never-submitted", ReviewOutcome.CORRECT);

    Evaluation evaluation = timeline.history().evaluate(STANDARD);

    assertThat(evaluation.rejected())
        .extracting(RejectedEvent::reason)
        .containsExactly(
            Reason.REVIEW_WITHOUT_PENDING_ANSWER, Reason.REVIEW_WITHOUT_PENDING_ANSWER);
    assertThat(evaluation.topic(Timeline.TOPIC).orElseThrow().challenges().get(0).resolved())
        .isFalse();
  }

  @Test
  void noStatusForATopicWithoutEvents() {
    ScoringPolicy twoTopics = policy().topic("topic-2", "c").build();

    Evaluation evaluation = new Timeline().opened("a").history().evaluate(twoTopics);

    assertThat(evaluation.topics()).containsOnlyKeys(Timeline.TOPIC);
  }

  @Test
  void registrationBelongsToTheAssignmentOfItsEarliestEvent() {
    Timeline timeline =
        new Timeline().opened("a").in("other-assignment", Timeline.TOPIC).opened("b");
    List<ChallengeEvent> reversed = new ArrayList<>(timeline.events());
    Collections.reverse(reversed);

    RegistrationHistory history =
        RegistrationHistory.restore("registration-1", java.util.Optional.empty(), reversed);

    assertThat(history.assignmentId()).contains(Timeline.ASSIGNMENT);
    assertThat(history.assignmentIds()).containsExactly(Timeline.ASSIGNMENT, "other-assignment");
  }
}

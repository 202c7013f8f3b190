package io.learnpulse.scoring.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.scoring.domain.ChallengeEvent.AnswerReviewed;
import io.learnpulse.scoring.domain.ChallengeEvent.AnswerSubmitted;
import io.learnpulse.scoring.domain.ChallengeEvent.ChallengeRef;
import io.learnpulse.scoring.domain.ChallengeEvent.HintRevealed;
import io.learnpulse.scoring.domain.ChallengeEvent.Opened;
import io.learnpulse.scoring.domain.ChallengeEvent.ReviewOutcome;
import io.learnpulse.scoring.domain.ChallengeEvent.StepReached;
import io.learnpulse.scoring.domain.ChallengeEvent.SubmissionOutcome;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the scoring contract over generated event streams: scores stay in range, duplicates
 * and arrival order change nothing, and a finished topic stays finished.
 */
class ScoringInvariantsTest {

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  @Property
  void scoresStayWithinZeroAndHundred(
      @ForAll("policies") ScoringPolicy policy, @ForAll("streams") List<ChallengeEvent> events) {
    Evaluation evaluation = history(events).evaluate(policy);

    for (TopicResult topic : evaluation.topics().values()) {
      topic.challenges().forEach(c -> c.score().ifPresent(s -> assertThat(s).isBetween(0, 100)));
      topic.rawScore().ifPresent(raw -> assertThat(raw).isBetween(BigDecimal.ZERO, HUNDRED));
      topic
          .scaledScore()
          .ifPresent(scaled -> assertThat(scaled).isBetween(BigDecimal.ZERO, BigDecimal.ONE));
    }
  }

  @Property
  void duplicatesAndArrivalOrderChangeNothing(
      @ForAll("policies") ScoringPolicy policy,
      @ForAll("streams") List<ChallengeEvent> events,
      @ForAll Random random) {
    List<ChallengeEvent> redelivered = new ArrayList<>(events);
    for (ChallengeEvent event : events) {
      if (random.nextInt(3) == 0) {
        redelivered.add(event);
      }
    }
    Collections.shuffle(redelivered, random);

    RegistrationHistory inOrder = history(events);
    RegistrationHistory shuffled = history(redelivered);

    assertThat(shuffled.events()).isEqualTo(inOrder.events());
    assertThat(shuffled.evaluate(policy)).isEqualTo(inOrder.evaluate(policy));
  }

  @Property
  void finishedNeverGoesBackToUnfinished(
      @ForAll("policies") ScoringPolicy policy,
      @ForAll("streams") List<ChallengeEvent> events,
      @ForAll Random random) {
    List<ChallengeEvent> arrival = new ArrayList<>(events);
    Collections.shuffle(arrival, random);
    RegistrationHistory history = new RegistrationHistory("registration-1");
    boolean finished = false;

    for (ChallengeEvent event : arrival) {
      history.add(event);
      boolean now =
          history.evaluate(policy).topic(Timeline.TOPIC).map(TopicResult::finished).orElse(false);
      assertThat(now || !finished).as("finished went back after %s", event).isTrue();
      finished = now;
    }
  }

  @Provide
  Arbitrary<ScoringPolicy> policies() {
    Arbitrary<Integer> percent = Arbitraries.integers().between(0, 100);
    return Combinators.combine(
            Arbitraries.of(CompletionMode.class),
            percent,
            percent,
            percent,
            percent,
            percent,
            Arbitraries.of(true, false))
        .as(
            (mode, passing, floor, hint, incorrect, minimum, failed) ->
                ScoringPolicy.builder(Timeline.ASSIGNMENT)
                    .topic(Timeline.TOPIC, "a", "b", "c")
                    .mode(mode)
                    .passingScore(passing)
                    .strictChallengeFloor(floor)
                    .hintPenalty(hint)
                    .incorrectAttemptPenalty(incorrect)
                    .minimumChallengeScore(minimum)
                    .scorm12FailedWhenNotPassed(failed)
                    .build());
  }

  @Provide
  Arbitrary<List<ChallengeEvent>> streams() {
    return event()
        .list()
        .ofMaxSize(40)
        .map(
            drafts -> {
              List<ChallengeEvent> events = new ArrayList<>();
              for (int i = 0; i < drafts.size(); i++) {
                events.add(drafts.get(i).withId(new UUID(7, i)));
              }
              return events;
            });
  }

  /** An event still missing its id, which the stream assigns so that ids are unique. */
  @FunctionalInterface
  private interface Draft {
    ChallengeEvent withId(UUID id);
  }

  private static Arbitrary<Draft> event() {
    Arbitrary<String> challenge = Arbitraries.of("a", "b", "c", "unknown");
    Arbitrary<Integer> second = Arbitraries.integers().between(0, 15);
    Arbitrary<Integer> sequence = Arbitraries.integers().between(0, 3);
    Arbitrary<Integer> kind = Arbitraries.integers().between(0, 5);
    Arbitrary<Integer> number = Arbitraries.integers().between(0, 3);
    Arbitrary<String> answer = Arbitraries.of("p1", "p2", "p3", "p4");
    Arbitrary<Boolean> flag = Arbitraries.of(true, false);
    return Combinators.combine(challenge, second, sequence, kind, number, answer, flag)
        .as(
            (c, s, seq, k, n, a, f) ->
                id -> {
                  Instant at = Timeline.START.plusSeconds(s);
                  ChallengeRef ref = new ChallengeRef(Timeline.ASSIGNMENT, Timeline.TOPIC, c);
                  return switch (k) {
                    case 0 -> new Opened(id, at, seq, ref);
                    case 1 -> new StepReached(id, at, seq, ref, n, f);
                    case 2 -> new HintRevealed(id, at, seq, ref, n);
                    case 3 ->
                        new AnswerSubmitted(
                            id,
                            at,
                            seq,
                            ref,
                            a,
                            f ? SubmissionOutcome.CORRECT : SubmissionOutcome.INCORRECT);
                    case 4 ->
                        new AnswerSubmitted(id, at, seq, ref, a, SubmissionOutcome.PENDING_REVIEW);
                    default ->
                        new AnswerReviewed(
                            id,
                            at,
                            seq,
                            ref,
                            a,
                            f ? ReviewOutcome.CORRECT : ReviewOutcome.INCORRECT);
                  };
                });
  }

  private static RegistrationHistory history(List<ChallengeEvent> events) {
    RegistrationHistory history = new RegistrationHistory("registration-1");
    events.forEach(history::add);
    return history;
  }
}

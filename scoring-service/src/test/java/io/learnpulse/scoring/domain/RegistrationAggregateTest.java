package io.learnpulse.scoring.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.learnpulse.scoring.domain.ChallengeEvent.AnswerReviewed;
import io.learnpulse.scoring.domain.ChallengeEvent.AnswerSubmitted;
import io.learnpulse.scoring.domain.ChallengeEvent.ChallengeRef;
import io.learnpulse.scoring.domain.ChallengeEvent.HintRevealed;
import io.learnpulse.scoring.domain.ChallengeEvent.Opened;
import io.learnpulse.scoring.domain.ChallengeEvent.ReviewOutcome;
import io.learnpulse.scoring.domain.ChallengeEvent.StepReached;
import io.learnpulse.scoring.domain.ChallengeEvent.SubmissionOutcome;
import io.learnpulse.scoring.domain.RejectedEvent.Reason;
import io.learnpulse.scoring.domain.StateLimitExceededException.Limit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bounded aggregate against the contract read literally ({@link Scorer#evaluate(ScoringPolicy,
 * List)} over the whole history), and its caps. ({@link RegistrationHistory} checks the topic
 * statuses of every other domain test against the aggregate as well.)
 */
class RegistrationAggregateTest {

  private static final ChallengeRef A = new ChallengeRef(Timeline.ASSIGNMENT, Timeline.TOPIC, "a");
  private static final ScoringPolicy POLICY =
      ScoringPolicy.builder(Timeline.ASSIGNMENT).topic(Timeline.TOPIC, "a", "b", "c").build();

  static Stream<Long> seeds() {
    return LongStream.range(0, 500).boxed();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void sameStatusesAndRejectionsAsTheFullHistoryWhateverTheArrivalOrder(long seed) {
    Random random = new Random(seed);
    List<ChallengeEvent> events = new ArrayList<>();
    int size = random.nextInt(60);
    for (int i = 0; i < size; i++) {
      events.add(event(random, new UUID(9, i)));
    }
    List<ChallengeEvent> arrival = new ArrayList<>(events);
    Collections.shuffle(arrival, random);
    RegistrationAggregate aggregate =
        new RegistrationAggregate("registration-1", RegistrationHistory.UNCAPPED);
    arrival.forEach(aggregate::add);
    List<ChallengeEvent> ordered = new ArrayList<>(events);
    ordered.sort(ChallengeEvent.ORDER);

    Evaluation reference = Scorer.evaluate(POLICY, ordered);
    Scorecard bounded = aggregate.evaluate(POLICY);

    assertThat(bounded.topics()).isEqualTo(reference.topics());
    for (ChallengeEvent event : events) {
      Optional<Reason> expected =
          reference.rejected().stream()
              .filter(r -> r.event().equals(event))
              .map(RejectedEvent::reason)
              .findFirst();
      assertThat(aggregate.rejection(POLICY, event)).as("%s", event).isEqualTo(expected);
    }
    assertThat(aggregate.assignmentId())
        .isEqualTo(ordered.stream().findFirst().map(e -> e.challenge().assignmentId()));
  }

  @Test
  void answersBeyondTheCapAreRefusedAndChangeNothing() {
    RegistrationAggregate aggregate =
        new RegistrationAggregate("registration-1", new StateLimits(8, 3, 8, 1 << 20));
    for (int i = 0; i < 3; i++) {
      aggregate.add(answer(i, SubmissionOutcome.INCORRECT));
    }
    List<ChallengeFacts> before = aggregate.challenges();

    assertThatThrownBy(() -> aggregate.add(answer(3, SubmissionOutcome.CORRECT)))
        .isInstanceOfSatisfying(
            StateLimitExceededException.class,
            e -> assertThat(e.limit()).isEqualTo(Limit.ANSWERS_PER_CHALLENGE));
    assertThat(aggregate.challenges()).isEqualTo(before);
    assertThat(aggregate.add(answer(2, SubmissionOutcome.INCORRECT)))
        .as("a redelivered answer is a duplicate, not a new one")
        .isFalse();
  }

  @Test
  void distinctHintsAndChallengesBeyondTheirCapsAreRefused() {
    RegistrationAggregate aggregate =
        new RegistrationAggregate("registration-1", new StateLimits(2, 8, 2, 1 << 20));
    aggregate.add(new HintRevealed(new UUID(1, 1), Timeline.START, 1, A, 0));
    aggregate.add(new HintRevealed(new UUID(1, 2), Timeline.START, 2, A, 1));
    aggregate.add(new HintRevealed(new UUID(1, 3), Timeline.START, 3, A, 1));
    aggregate.add(new Opened(new UUID(1, 4), Timeline.START, 4, ref("b")));

    assertThatThrownBy(
            () -> aggregate.add(new HintRevealed(new UUID(1, 5), Timeline.START, 5, A, 2)))
        .isInstanceOfSatisfying(
            StateLimitExceededException.class,
            e -> assertThat(e.limit()).isEqualTo(Limit.HINTS_PER_CHALLENGE));
    assertThatThrownBy(() -> aggregate.add(new Opened(new UUID(1, 6), Timeline.START, 6, ref("c"))))
        .isInstanceOfSatisfying(
            StateLimitExceededException.class,
            e -> assertThat(e.limit()).isEqualTo(Limit.CHALLENGES));
    assertThat(aggregate.challenges()).hasSize(2);
  }

  @Test
  void theScoreReachesTheFloorLongBeforeTheAnswerCap() {
    // why the default cap refuses nothing a learner needs: 64 wrong answers, the score is floored
    int needed =
        (100 - ScoringPolicy.DEFAULT_MINIMUM_CHALLENGE_SCORE)
                / ScoringPolicy.DEFAULT_INCORRECT_ATTEMPT_PENALTY
            + 1;
    assertThat(needed).isLessThan(StateLimits.DEFAULTS.maxAnswersPerChallenge());
    assertThat(POLICY.challengeScore(0, needed))
        .isEqualTo(ScoringPolicy.DEFAULT_MINIMUM_CHALLENGE_SCORE);
  }

  private static AnswerSubmitted answer(int n, SubmissionOutcome outcome) {
    return new AnswerSubmitted(
        new UUID(2, n), Timeline.START.plusSeconds(n), n, A, "answer-" + n, outcome);
  }

  private static ChallengeRef ref(String challenge) {
    return new ChallengeRef(Timeline.ASSIGNMENT, Timeline.TOPIC, challenge);
  }

  private static ChallengeEvent event(Random random, UUID id) {
    String challenge = List.of("a", "b", "c", "unknown").get(random.nextInt(4));
    String assignment = random.nextInt(10) == 0 ? "other-assignment" : Timeline.ASSIGNMENT;
    String topic = random.nextInt(10) == 0 ? "other-topic" : Timeline.TOPIC;
    Instant at = Timeline.START.plusSeconds(random.nextInt(16));
    int seq = random.nextInt(4);
    int number = random.nextInt(4);
    String answer = "p" + (1 + random.nextInt(4));
    boolean flag = random.nextBoolean();
    ChallengeRef ref = new ChallengeRef(assignment, topic, challenge);
    return switch (random.nextInt(6)) {
      case 0 -> new Opened(id, at, seq, ref);
      case 1 -> new StepReached(id, at, seq, ref, number, flag);
      case 2 -> new HintRevealed(id, at, seq, ref, number);
      case 3 ->
          new AnswerSubmitted(
              id,
              at,
              seq,
              ref,
              answer,
              flag ? SubmissionOutcome.CORRECT : SubmissionOutcome.INCORRECT);
      case 4 -> new AnswerSubmitted(id, at, seq, ref, answer, SubmissionOutcome.PENDING_REVIEW);
      default ->
          new AnswerReviewed(
              id, at, seq, ref, answer, flag ? ReviewOutcome.CORRECT : ReviewOutcome.INCORRECT);
    };
  }
}

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
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the scoring contract over generated event streams: scores stay in range, duplicates
 * and arrival order change nothing, and a finished topic stays finished. Each case is generated
 * from its seed, so a failure names the seed that reproduces it.
 */
class ScoringInvariantsTest {

  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  private static final int CASES = 1_000;

  static Stream<Long> seeds() {
    return LongStream.range(0, CASES).boxed();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void scoresStayWithinZeroAndHundred(long seed) {
    Random random = new Random(seed);
    ScoringPolicy policy = policy(random);
    Evaluation evaluation = history(stream(random)).evaluate(policy);

    for (TopicResult topic : evaluation.topics().values()) {
      topic.challenges().forEach(c -> c.score().ifPresent(s -> assertThat(s).isBetween(0, 100)));
      topic.rawScore().ifPresent(raw -> assertThat(raw).isBetween(BigDecimal.ZERO, HUNDRED));
      topic
          .scaledScore()
          .ifPresent(scaled -> assertThat(scaled).isBetween(BigDecimal.ZERO, BigDecimal.ONE));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void duplicatesAndArrivalOrderChangeNothing(long seed) {
    Random random = new Random(seed);
    ScoringPolicy policy = policy(random);
    List<ChallengeEvent> events = stream(random);
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

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void finishedNeverGoesBackToUnfinished(long seed) {
    Random random = new Random(seed);
    ScoringPolicy policy = policy(random);
    List<ChallengeEvent> arrival = new ArrayList<>(stream(random));
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

  private static ScoringPolicy policy(Random random) {
    CompletionMode[] modes = CompletionMode.values();
    return ScoringPolicy.builder(Timeline.ASSIGNMENT)
        .topic(Timeline.TOPIC, "a", "b", "c")
        .mode(modes[random.nextInt(modes.length)])
        .passingScore(random.nextInt(101))
        .strictChallengeFloor(random.nextInt(101))
        .hintPenalty(random.nextInt(101))
        .incorrectAttemptPenalty(random.nextInt(101))
        .minimumChallengeScore(random.nextInt(101))
        .scorm12FailedWhenNotPassed(random.nextBoolean())
        .build();
  }

  /** Up to 40 events with unique ids over challenges a, b, c and one outside the assignment. */
  private static List<ChallengeEvent> stream(Random random) {
    int size = random.nextInt(41);
    List<ChallengeEvent> events = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      events.add(event(random, new UUID(7, i)));
    }
    return events;
  }

  private static ChallengeEvent event(Random random, UUID id) {
    String challenge = List.of("a", "b", "c", "unknown").get(random.nextInt(4));
    Instant at = Timeline.START.plusSeconds(random.nextInt(16));
    int seq = random.nextInt(4);
    int number = random.nextInt(4);
    String answer = "p" + (1 + random.nextInt(4));
    boolean flag = random.nextBoolean();
    ChallengeRef ref = new ChallengeRef(Timeline.ASSIGNMENT, Timeline.TOPIC, challenge);
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

  private static RegistrationHistory history(List<ChallengeEvent> events) {
    RegistrationHistory history = new RegistrationHistory("registration-1");
    events.forEach(history::add);
    return history;
  }
}

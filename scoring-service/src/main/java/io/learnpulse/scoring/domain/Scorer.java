package io.learnpulse.scoring.domain;

import io.learnpulse.scoring.domain.ChallengeEvent.AnswerReviewed;
import io.learnpulse.scoring.domain.ChallengeEvent.AnswerSubmitted;
import io.learnpulse.scoring.domain.ChallengeEvent.ChallengeRef;
import io.learnpulse.scoring.domain.ChallengeEvent.HintRevealed;
import io.learnpulse.scoring.domain.ChallengeEvent.Opened;
import io.learnpulse.scoring.domain.ChallengeEvent.ReviewOutcome;
import io.learnpulse.scoring.domain.ChallengeEvent.StepReached;
import io.learnpulse.scoring.domain.RejectedEvent.Reason;
import io.learnpulse.scoring.domain.ScoringPolicy.TopicPlan;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * docs/design.md#scoring-contract: folds a registration's challenge events, taken in {@link
 * ChallengeEvent#ORDER}, into per-challenge scores and per-topic status under one policy.
 *
 * <ul>
 *   <li>A challenge is resolved by its first answer judged correct: submitted correct, or reviewed
 *       correct after it was submitted pending review. Nothing after that changes its score.
 *   <li>Hints are the distinct hint indexes revealed before resolution; incorrect attempts are the
 *       distinct answers judged incorrect (at submission or on review) before resolution.
 *   <li>Score = {@code max(minimum, 100 − hintPenalty × hints − incorrectAttemptPenalty ×
 *       incorrect)}; topic raw score = mean of the resolved scores, half-up to two decimals.
 *   <li>Events of another assignment, of unknown topics or challenges, and reviews of answers that
 *       were never pending are reported in {@link Evaluation#rejected()} and ignored.
 * </ul>
 */
public final class Scorer {

  private Scorer() {}

  /**
   * Evaluates {@code events}, which must be deduplicated and sorted in {@link
   * ChallengeEvent#ORDER}, under {@code policy}: the contract read literally over a registration's
   * whole history. The service keeps a bounded {@link RegistrationAggregate} instead, whose results
   * are tested against this one.
   */
  public static Evaluation evaluate(ScoringPolicy policy, List<ChallengeEvent> events) {
    Map<String, Map<String, Tally>> tallies = new LinkedHashMap<>();
    for (TopicPlan topic : policy.topics()) {
      Map<String, Tally> challenges = new LinkedHashMap<>();
      topic.challengeIds().forEach(id -> challenges.put(id, new Tally()));
      tallies.put(topic.topicId(), challenges);
    }
    Map<String, Instant> touched = new LinkedHashMap<>();
    List<RejectedEvent> rejected = new ArrayList<>();
    for (ChallengeEvent event : events) {
      ChallengeRef ref = event.challenge();
      Map<String, Tally> topic = tallies.get(ref.topicId());
      if (!ref.assignmentId().equals(policy.assignmentId())) {
        rejected.add(new RejectedEvent(event, Reason.OTHER_ASSIGNMENT));
      } else if (topic == null) {
        rejected.add(new RejectedEvent(event, Reason.UNKNOWN_TOPIC));
      } else {
        touched.merge(ref.topicId(), event.occurredAt(), Scorer::later);
        Tally tally = topic.get(ref.challengeId());
        if (tally == null) {
          rejected.add(new RejectedEvent(event, Reason.UNKNOWN_CHALLENGE));
        } else if (!tally.apply(event)) {
          rejected.add(new RejectedEvent(event, Reason.REVIEW_WITHOUT_PENDING_ANSWER));
        }
      }
    }
    Map<String, TopicResult> results = new LinkedHashMap<>();
    for (TopicPlan topic : policy.topics()) {
      Instant updatedAt = touched.get(topic.topicId());
      if (updatedAt != null) {
        List<ChallengeResult> challenges = new ArrayList<>();
        Map<String, Tally> topicTallies = tallies.get(topic.topicId());
        topic.challengeIds().forEach(id -> challenges.add(topicTallies.get(id).result(id, policy)));
        results.put(topic.topicId(), topicResult(policy, topic, challenges, updatedAt));
      }
    }
    return new Evaluation(policy.version(), results, rejected);
  }

  /**
   * The status of {@code topic} from its challenges' results ({@code challenges}, in the policy's
   * order).
   */
  static TopicResult topicResult(
      ScoringPolicy policy, TopicPlan topic, List<ChallengeResult> challenges, Instant updatedAt) {
    BigDecimal sum = BigDecimal.ZERO;
    int resolved = 0;
    boolean allResolved = true;
    boolean allReviewed = true;
    boolean allPassing = true;
    boolean allAboveFloor = true;
    for (ChallengeResult result : challenges) {
      allResolved &= result.resolved();
      allReviewed &= result.reviewed();
      if (result.score().isPresent()) {
        int score = result.score().getAsInt();
        sum = sum.add(BigDecimal.valueOf(score));
        resolved++;
        allPassing &= score >= policy.passingScore();
        allAboveFloor &= score >= policy.strictChallengeFloor();
      }
    }
    BigDecimal raw =
        resolved == 0 ? null : sum.divide(BigDecimal.valueOf(resolved), 2, RoundingMode.HALF_UP);
    boolean rawPasses =
        raw != null && raw.compareTo(BigDecimal.valueOf(policy.passingScore())) >= 0;
    boolean finished;
    boolean passed;
    switch (policy.mode()) {
      case RELAXED -> {
        finished = allReviewed;
        passed = finished && rawPasses;
      }
      case STRICT -> {
        finished = allResolved;
        passed = finished && allAboveFloor && rawPasses;
      }
      default -> {
        finished = allResolved;
        passed = finished && allPassing;
      }
    }
    return new TopicResult(
        topic.topicId(),
        policy.version(),
        finished,
        passed,
        ScormStatus.completion(finished),
        ScormStatus.success(finished, passed),
        ScormStatus.lessonStatus(finished, passed, policy.scorm12FailedWhenNotPassed()),
        Optional.ofNullable(raw),
        Optional.ofNullable(raw).map(r -> r.movePointLeft(2)),
        challenges,
        updatedAt);
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /** What the events of one challenge amount to so far. */
  private static final class Tally {
    private boolean opened;
    private boolean answered;
    private boolean lastStepReached;
    private boolean resolved;
    private final Set<Integer> hints = new HashSet<>();
    private final Set<String> incorrectAnswers = new HashSet<>();
    private final Set<String> pendingAnswers = new HashSet<>();

    /** Applies one event; false when the event is a review of an answer that was never pending. */
    boolean apply(ChallengeEvent event) {
      if (event instanceof Opened) {
        opened = true;
      } else if (event instanceof StepReached step) {
        lastStepReached |= step.last();
      } else if (event instanceof HintRevealed hint) {
        if (!resolved) {
          hints.add(hint.hintIndex());
        }
      } else if (event instanceof AnswerSubmitted answer) {
        answered = true;
        switch (answer.outcome()) {
          case CORRECT -> resolved = true;
          case INCORRECT -> {
            if (!resolved) {
              incorrectAnswers.add(answer.answerId());
            }
          }
          case PENDING_REVIEW -> pendingAnswers.add(answer.answerId());
        }
      } else if (event instanceof AnswerReviewed review) {
        if (!pendingAnswers.contains(review.answerId())) {
          return false;
        }
        if (!resolved) {
          if (review.outcome() == ReviewOutcome.CORRECT) {
            resolved = true;
          } else {
            incorrectAnswers.add(review.answerId());
          }
        }
      }
      return true;
    }

    ChallengeResult result(String challengeId, ScoringPolicy policy) {
      int hintCount = hints.size();
      int incorrect = incorrectAnswers.size();
      return new ChallengeResult(
          challengeId,
          opened,
          hintCount,
          incorrect,
          resolved,
          opened && (answered || lastStepReached),
          resolved && hintCount == 0 && incorrect == 0,
          resolved
              ? OptionalInt.of(policy.challengeScore(hintCount, incorrect))
              : OptionalInt.empty());
    }
  }
}

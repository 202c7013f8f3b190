package io.learnpulse.scoring.domain;

import io.learnpulse.scoring.domain.ChallengeEvent.AnswerReviewed;
import io.learnpulse.scoring.domain.ChallengeEvent.AnswerSubmitted;
import io.learnpulse.scoring.domain.ChallengeEvent.ChallengeRef;
import io.learnpulse.scoring.domain.ChallengeEvent.HintRevealed;
import io.learnpulse.scoring.domain.ChallengeEvent.Opened;
import io.learnpulse.scoring.domain.ChallengeEvent.StepReached;
import io.learnpulse.scoring.domain.ChallengeFacts.Judgement;
import io.learnpulse.scoring.domain.ChallengeFacts.JudgementKind;
import io.learnpulse.scoring.domain.ChallengeFacts.Verdict;
import io.learnpulse.scoring.domain.RejectedEvent.Reason;
import io.learnpulse.scoring.domain.ScoringPolicy.TopicPlan;
import io.learnpulse.scoring.domain.StateLimitExceededException.Limit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * What scoring keeps about one registration: its learner and, per challenge it named, a {@link
 * ChallengeFacts} aggregate whose size does not grow with the number of events. The results are
 * those of the scoring contract over the full event history ({@link Scorer#evaluate(ScoringPolicy,
 * List)}) for events arriving in any order, duplicates included:
 *
 * <ul>
 *   <li>opened and last-step-reached are idempotent: a flag each;
 *   <li>a hint index counts when it was revealed before resolution: its earliest event is kept;
 *   <li>answers and reviews decide resolution, incorrect attempts and which hints came first, so
 *       they are kept one by one in {@link EventKey} order and deduplicated by event id;
 *   <li>the registration's assignment is that of its earliest event, a topic's {@code updatedAt}
 *       the latest occurred-at among its events: both are kept per challenge.
 * </ul>
 *
 * <p>Beyond the {@link StateLimits} an event is refused with {@link StateLimitExceededException}
 * and changes nothing.
 */
public final class RegistrationAggregate {

  private static final Comparator<Judgement> JUDGEMENT_ORDER = Comparator.comparing(Judgement::key);

  private final String registrationId;
  private final StateLimits limits;
  private final Map<ChallengeRef, Tracker> challenges = new LinkedHashMap<>();
  private Learner learner;

  /** An empty aggregate of {@code registrationId}. */
  public RegistrationAggregate(String registrationId, StateLimits limits) {
    this.registrationId = Objects.requireNonNull(registrationId, "registrationId");
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /** An aggregate restored from stored parts (not checked against {@code limits}). */
  public static RegistrationAggregate restore(
      String registrationId,
      StateLimits limits,
      Optional<Learner> learner,
      Collection<ChallengeFacts> challenges) {
    RegistrationAggregate aggregate = new RegistrationAggregate(registrationId, limits);
    learner.ifPresent(aggregate::observeLearner);
    for (ChallengeFacts facts : challenges) {
      aggregate.challenges.put(facts.challenge(), new Tracker(facts));
    }
    return aggregate;
  }

  /** The registration id. */
  public String registrationId() {
    return registrationId;
  }

  /** Notes who the registration belongs to; the earliest observation wins. True when it changed. */
  public boolean observeLearner(Learner observed) {
    if (learner == null || Learner.EARLIEST.compare(observed, learner) < 0) {
      learner = observed;
      return true;
    }
    return false;
  }

  /** Who the registration belongs to, once an event said so. */
  public Optional<Learner> learner() {
    return Optional.ofNullable(learner);
  }

  /**
   * Adds an event. False, and nothing changes, for an answer or review whose event id was seen
   * before; redeliveries of idempotent facts change nothing but the record count.
   *
   * @throws StateLimitExceededException when keeping it would break a cap (nothing changes)
   */
  public boolean add(ChallengeEvent event) {
    ChallengeRef ref = event.challenge();
    Tracker tracker = challenges.get(ref);
    if (tracker == null) {
      if (challenges.size() >= limits.maxChallenges()) {
        throw new StateLimitExceededException(
            Limit.CHALLENGES,
            "registration "
                + registrationId
                + " already names "
                + challenges.size()
                + " challenges, the most one registration may name");
      }
      tracker = new Tracker(ref, EventKey.of(event));
      challenges.put(ref, tracker);
    } else if (tracker.isDuplicate(event)) {
      return false;
    } else {
      tracker.check(event, limits, registrationId);
    }
    tracker.apply(event);
    return true;
  }

  /** The per-challenge aggregates, in the order their challenges were first seen. */
  public List<ChallengeFacts> challenges() {
    List<ChallengeFacts> facts = new ArrayList<>(challenges.size());
    challenges.values().forEach(t -> facts.add(t.facts()));
    return facts;
  }

  /** The assignment of the registration: the one its earliest event names. */
  public Optional<String> assignmentId() {
    // runs several times per event: a loop, not a stream with a comparator
    Tracker first = null;
    for (Tracker tracker : challenges.values()) {
      if (first == null || tracker.earliest.before(first.earliest)) {
        first = tracker;
      }
    }
    return first == null ? Optional.empty() : Optional.of(first.ref.assignmentId());
  }

  /** Every assignment any event names (normally one), earliest first. */
  public Set<String> assignmentIds() {
    Set<String> ids = new LinkedHashSet<>();
    challenges.values().stream()
        .sorted(Comparator.comparing(t -> t.earliest))
        .forEach(t -> ids.add(t.ref.assignmentId()));
    return ids;
  }

  /** True when an event of the registration named {@code assignmentId}. */
  public boolean names(String assignmentId) {
    for (ChallengeRef ref : challenges.keySet()) {
      if (ref.assignmentId().equals(assignmentId)) {
        return true;
      }
    }
    return false;
  }

  /** The status of every topic the registration has events for, under {@code policy}. */
  public Scorecard evaluate(ScoringPolicy policy) {
    Map<String, Set<String>> plan = new HashMap<>();
    policy.topics().forEach(t -> plan.put(t.topicId(), new HashSet<>(t.challengeIds())));
    Map<Reason, Long> rejected = new EnumMap<>(Reason.class);
    Map<String, Instant> touched = new HashMap<>();
    for (Tracker tracker : challenges.values()) {
      ChallengeRef ref = tracker.ref;
      Set<String> topic = plan.get(ref.topicId());
      if (!ref.assignmentId().equals(policy.assignmentId())) {
        rejected.merge(Reason.OTHER_ASSIGNMENT, tracker.records, Long::sum);
      } else if (topic == null) {
        rejected.merge(Reason.UNKNOWN_TOPIC, tracker.records, Long::sum);
      } else {
        touched.merge(ref.topicId(), tracker.latest, (a, b) -> a.isAfter(b) ? a : b);
        if (!topic.contains(ref.challengeId())) {
          rejected.merge(Reason.UNKNOWN_CHALLENGE, tracker.records, Long::sum);
        } else {
          long unpaired = tracker.fold().unpairedReviews();
          if (unpaired > 0) {
            rejected.merge(Reason.REVIEW_WITHOUT_PENDING_ANSWER, unpaired, Long::sum);
          }
        }
      }
    }
    Map<String, TopicResult> results = new LinkedHashMap<>();
    for (TopicPlan topic : policy.topics()) {
      Instant updatedAt = touched.get(topic.topicId());
      if (updatedAt == null) {
        continue;
      }
      List<ChallengeResult> challengeResults = new ArrayList<>(topic.challengeIds().size());
      for (String challengeId : topic.challengeIds()) {
        Tracker tracker =
            challenges.get(new ChallengeRef(policy.assignmentId(), topic.topicId(), challengeId));
        challengeResults.add(
            tracker == null
                ? new ChallengeResult(
                    challengeId, false, 0, 0, false, false, false, OptionalInt.empty())
                : tracker.result(challengeId, policy));
      }
      results.put(topic.topicId(), Scorer.topicResult(policy, topic, challengeResults, updatedAt));
    }
    return new Scorecard(policy.version(), results, rejected);
  }

  /**
   * Why {@code event}, already added, is ignored under {@code policy}, if it is: the same reasons
   * as {@link Scorer#evaluate(ScoringPolicy, List)} reports.
   */
  public Optional<Reason> rejection(ScoringPolicy policy, ChallengeEvent event) {
    ChallengeRef ref = event.challenge();
    if (!ref.assignmentId().equals(policy.assignmentId())) {
      return Optional.of(Reason.OTHER_ASSIGNMENT);
    }
    Optional<TopicPlan> topic = policy.topic(ref.topicId());
    if (topic.isEmpty()) {
      return Optional.of(Reason.UNKNOWN_TOPIC);
    }
    if (!topic.get().challengeIds().contains(ref.challengeId())) {
      return Optional.of(Reason.UNKNOWN_CHALLENGE);
    }
    if (event instanceof AnswerReviewed review) {
      Tracker tracker = challenges.get(ref);
      EventKey key = EventKey.of(review);
      boolean pendingBefore =
          tracker != null
              && tracker.judgements.stream()
                  .anyMatch(
                      j ->
                          j.kind() == JudgementKind.SUBMITTED
                              && j.verdict() == Verdict.PENDING_REVIEW
                              && j.answerId().equals(review.answerId())
                              && j.key().before(key));
      if (!pendingBefore) {
        return Optional.of(Reason.REVIEW_WITHOUT_PENDING_ANSWER);
      }
    }
    return Optional.empty();
  }

  /** The outcome of a challenge's answers and reviews taken in order. */
  private record Fold(
      boolean answered,
      boolean resolved,
      EventKey resolvedAt,
      int incorrectAttempts,
      long unpairedReviews) {}

  /** The mutable form of one {@link ChallengeFacts}. */
  private static final class Tracker {
    private final ChallengeRef ref;
    private EventKey earliest;
    private Instant latest;
    private long records;
    private boolean opened;
    private boolean lastStepReached;
    private final TreeMap<Integer, EventKey> hints;
    private final List<Judgement> judgements;

    Tracker(ChallengeRef ref, EventKey first) {
      this.ref = ref;
      this.earliest = first;
      this.latest = first.occurredAt();
      this.hints = new TreeMap<>();
      this.judgements = new ArrayList<>();
    }

    Tracker(ChallengeFacts facts) {
      this.ref = facts.challenge();
      this.earliest = facts.earliest();
      this.latest = facts.latest();
      this.records = facts.records();
      this.opened = facts.opened();
      this.lastStepReached = facts.lastStepReached();
      this.hints = new TreeMap<>(facts.hints());
      this.judgements = new ArrayList<>(facts.judgements());
      this.judgements.sort(JUDGEMENT_ORDER);
    }

    boolean isDuplicate(ChallengeEvent event) {
      if (!(event instanceof AnswerSubmitted) && !(event instanceof AnswerReviewed)) {
        return false;
      }
      for (Judgement judgement : judgements) {
        if (judgement.key().eventId().equals(event.eventId())) {
          return true;
        }
      }
      return false;
    }

    void check(ChallengeEvent event, StateLimits limits, String registrationId) {
      if ((event instanceof AnswerSubmitted || event instanceof AnswerReviewed)
          && judgements.size() >= limits.maxAnswersPerChallenge()) {
        throw new StateLimitExceededException(
            Limit.ANSWERS_PER_CHALLENGE,
            "registration "
                + registrationId
                + " already has "
                + judgements.size()
                + " answers and reviews of challenge "
                + ref.challengeId()
                + ", the most one challenge may have");
      }
      if (event instanceof HintRevealed hint
          && !hints.containsKey(hint.hintIndex())
          && hints.size() >= limits.maxHintsPerChallenge()) {
        throw new StateLimitExceededException(
            Limit.HINTS_PER_CHALLENGE,
            "registration "
                + registrationId
                + " already revealed "
                + hints.size()
                + " distinct hints of challenge "
                + ref.challengeId()
                + ", the most one challenge may have");
      }
    }

    void apply(ChallengeEvent event) {
      EventKey key = EventKey.of(event);
      if (key.before(earliest)) {
        earliest = key;
      }
      if (event.occurredAt().isAfter(latest)) {
        latest = event.occurredAt();
      }
      if (records < Long.MAX_VALUE) {
        records++;
      }
      if (event instanceof Opened) {
        opened = true;
      } else if (event instanceof StepReached step) {
        lastStepReached |= step.last();
      } else if (event instanceof HintRevealed hint) {
        hints.merge(hint.hintIndex(), key, (a, b) -> a.before(b) ? a : b);
      } else if (event instanceof AnswerSubmitted answer) {
        insert(
            new Judgement(
                key,
                JudgementKind.SUBMITTED,
                answer.answerId(),
                Verdict.valueOf(answer.outcome().name())));
      } else if (event instanceof AnswerReviewed review) {
        insert(
            new Judgement(
                key,
                JudgementKind.REVIEWED,
                review.answerId(),
                Verdict.valueOf(review.outcome().name())));
      }
    }

    private void insert(Judgement judgement) {
      int at = Collections.binarySearch(judgements, judgement, JUDGEMENT_ORDER);
      judgements.add(at < 0 ? -at - 1 : at, judgement);
    }

    Fold fold() {
      Set<String> pending = new HashSet<>();
      Set<String> incorrect = new HashSet<>();
      boolean answered = false;
      boolean resolved = false;
      EventKey resolvedAt = null;
      long unpaired = 0;
      for (Judgement judgement : judgements) {
        if (judgement.kind() == JudgementKind.SUBMITTED) {
          answered = true;
          switch (judgement.verdict()) {
            case CORRECT -> {
              if (!resolved) {
                resolved = true;
                resolvedAt = judgement.key();
              }
            }
            case INCORRECT -> {
              if (!resolved) {
                incorrect.add(judgement.answerId());
              }
            }
            case PENDING_REVIEW -> pending.add(judgement.answerId());
          }
        } else if (!pending.contains(judgement.answerId())) {
          unpaired++;
        } else if (!resolved) {
          if (judgement.verdict() == Verdict.CORRECT) {
            resolved = true;
            resolvedAt = judgement.key();
          } else {
            incorrect.add(judgement.answerId());
          }
        }
      }
      return new Fold(answered, resolved, resolvedAt, incorrect.size(), unpaired);
    }

    ChallengeResult result(String challengeId, ScoringPolicy policy) {
      Fold fold = fold();
      int hintCount = 0;
      for (EventKey revealed : hints.values()) {
        if (fold.resolvedAt() == null || revealed.before(fold.resolvedAt())) {
          hintCount++;
        }
      }
      int incorrect = fold.incorrectAttempts();
      return new ChallengeResult(
          challengeId,
          opened,
          hintCount,
          incorrect,
          fold.resolved(),
          opened && (fold.answered() || lastStepReached),
          fold.resolved() && hintCount == 0 && incorrect == 0,
          fold.resolved()
              ? OptionalInt.of(policy.challengeScore(hintCount, incorrect))
              : OptionalInt.empty());
    }

    ChallengeFacts facts() {
      return new ChallengeFacts(
          ref, earliest, latest, records, opened, lastStepReached, hints, judgements);
    }
  }
}

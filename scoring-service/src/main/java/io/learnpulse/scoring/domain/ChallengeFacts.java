package io.learnpulse.scoring.domain;

import io.learnpulse.scoring.domain.ChallengeEvent.ChallengeRef;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything scoring keeps about one challenge of one registration, whatever the number of events:
 * idempotent facts (opened, last step reached, each hint index) once, with the earliest event that
 * told them where the order matters, and the answers and reviews one by one (bounded by {@link
 * StateLimits}).
 *
 * @param challenge the (assignment, topic, challenge) the events named
 * @param earliest the earliest event naming it (decides the registration's assignment)
 * @param latest the latest occurred-at among its events (the topic's {@code updatedAt})
 * @param records records applied (duplicates of answers and reviews excepted): what is counted when
 *     the challenge turns out to be unknown under a policy
 * @param opened the learner opened it
 * @param lastStepReached its last step was reached
 * @param hints each revealed hint index with the earliest event that revealed it
 * @param judgements answers and reviews in {@link EventKey} order, at most one per event id
 */
public record ChallengeFacts(
    ChallengeRef challenge,
    EventKey earliest,
    Instant latest,
    long records,
    boolean opened,
    boolean lastStepReached,
    SortedMap<Integer, EventKey> hints,
    List<Judgement> judgements) {

  /** Checks and freezes. */
  public ChallengeFacts {
    Objects.requireNonNull(challenge, "challenge");
    Objects.requireNonNull(earliest, "earliest");
    Objects.requireNonNull(latest, "latest");
    hints = Collections.unmodifiableSortedMap(new TreeMap<>(hints));
    judgements = List.copyOf(judgements);
  }

  /** An answer submitted, or a review of a pending one. */
  public enum JudgementKind {
    SUBMITTED,
    REVIEWED
  }

  /** How an answer was judged at submission or on review. */
  public enum Verdict {
    CORRECT,
    INCORRECT,
    PENDING_REVIEW
  }

  /**
   * One answer or review.
   *
   * @param key where it stands in the order (its event id deduplicates it)
   * @param kind submitted or reviewed
   * @param answerId the answer
   * @param verdict the judgement ({@link Verdict#PENDING_REVIEW} only for submissions)
   */
  public record Judgement(EventKey key, JudgementKind kind, String answerId, Verdict verdict) {
    /** Checks required parts. */
    public Judgement {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(answerId, "answerId");
      Objects.requireNonNull(verdict, "verdict");
    }
  }
}

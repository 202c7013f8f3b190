package io.learnpulse.scoring.domain;

import io.learnpulse.scoring.domain.ChallengeEvent.AnswerReviewed;
import io.learnpulse.scoring.domain.ChallengeEvent.AnswerSubmitted;
import io.learnpulse.scoring.domain.ChallengeEvent.ChallengeRef;
import io.learnpulse.scoring.domain.ChallengeEvent.HintRevealed;
import io.learnpulse.scoring.domain.ChallengeEvent.Opened;
import io.learnpulse.scoring.domain.ChallengeEvent.ReviewOutcome;
import io.learnpulse.scoring.domain.ChallengeEvent.StepReached;
import io.learnpulse.scoring.domain.ChallengeEvent.SubmissionOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Writes a learner's challenge events one second apart, with session sequence numbers. */
final class Timeline {

  static final String ASSIGNMENT = "assignment-1";
  static final String TOPIC = "topic-1";
  static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

  private final List<ChallengeEvent> events = new ArrayList<>();
  private String assignment = ASSIGNMENT;
  private String topic = TOPIC;
  private long sequence;
  private int answers;

  /** Events written from now on name this assignment and topic. */
  Timeline in(String assignmentId, String topicId) {
    this.assignment = assignmentId;
    this.topic = topicId;
    return this;
  }

  Timeline opened(String challenge) {
    return add(new Opened(nextId(), now(), sequence, ref(challenge)));
  }

  Timeline step(String challenge, int step, boolean last) {
    return add(new StepReached(nextId(), now(), sequence, ref(challenge), step, last));
  }

  Timeline lastStep(String challenge) {
    return step(challenge, 3, true);
  }

  Timeline hint(String challenge, int index) {
    return add(new HintRevealed(nextId(), now(), sequence, ref(challenge), index));
  }

  Timeline hints(String challenge, int count) {
    for (int i = 0; i < count; i++) {
      hint(challenge, i);
    }
    return this;
  }

  Timeline correct(String challenge) {
    return answer(challenge, "answer-" + ++answers, SubmissionOutcome.CORRECT);
  }

  Timeline incorrect(String challenge) {
    return answer(challenge, "answer-" + ++answers, SubmissionOutcome.INCORRECT);
  }

  Timeline pending(String challenge, String answerId) {
    return answer(challenge, answerId, SubmissionOutcome.PENDING_REVIEW);
  }

  Timeline answer(String challenge, String answerId, SubmissionOutcome outcome) {
    return add(new AnswerSubmitted(nextId(), now(), sequence, ref(challenge), answerId, outcome));
  }

  Timeline reviewed(String challenge, String answerId, ReviewOutcome outcome) {
    return add(new AnswerReviewed(nextId(), now(), sequence, ref(challenge), answerId, outcome));
  }

  /** Delivers the latest event once more, same id. */
  Timeline redeliverLast() {
    events.add(events.get(events.size() - 1));
    return this;
  }

  /**
   * Opens {@code challenge}, reveals {@code hints} distinct hints, answers {@code incorrect} times
   * wrong, then right.
   */
  Timeline solve(String challenge, int hints, int incorrect) {
    opened(challenge).hints(challenge, hints);
    for (int i = 0; i < incorrect; i++) {
      incorrect(challenge);
    }
    return correct(challenge);
  }

  List<ChallengeEvent> events() {
    return List.copyOf(events);
  }

  /** The events in the order they were written, deduplicated and sorted as a history keeps them. */
  RegistrationHistory history() {
    RegistrationHistory history = new RegistrationHistory("registration-1");
    events.forEach(history::add);
    return history;
  }

  private Timeline add(ChallengeEvent event) {
    events.add(event);
    return this;
  }

  private UUID nextId() {
    sequence++;
    return new UUID(0x5c0de, sequence);
  }

  private Instant now() {
    return START.plusSeconds(sequence);
  }

  private ChallengeRef ref(String challenge) {
    return new ChallengeRef(assignment, topic, challenge);
  }
}

package io.learnpulse.scoring.topology;

import io.learnpulse.scoring.domain.ChallengeEvent;
import io.learnpulse.scoring.domain.ChallengeEvent.AnswerReviewed;
import io.learnpulse.scoring.domain.ChallengeEvent.AnswerSubmitted;
import io.learnpulse.scoring.domain.ChallengeEvent.ChallengeRef;
import io.learnpulse.scoring.domain.ChallengeEvent.HintRevealed;
import io.learnpulse.scoring.domain.ChallengeEvent.Opened;
import io.learnpulse.scoring.domain.ChallengeEvent.ReviewOutcome;
import io.learnpulse.scoring.domain.ChallengeEvent.StepReached;
import io.learnpulse.scoring.domain.ChallengeEvent.SubmissionOutcome;
import io.learnpulse.scoring.domain.RegistrationHistory;
import io.learnpulse.scoring.domain.RegistrationHistory.Learner;
import io.learnpulse.scoring.state.v1.RegistrationState;
import io.learnpulse.scoring.state.v1.StoredChallengeEvent;
import io.learnpulse.scoring.state.v1.StoredEventKind;
import io.learnpulse.scoring.state.v1.StoredLearner;
import io.learnpulse.scoring.state.v1.StoredOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Stores a {@link RegistrationHistory} as the service's own {@link RegistrationState} Avro record
 * in single-object encoding (2-byte marker, 8-byte schema fingerprint, Avro binary). When the state
 * schema evolves, register the previous schema with {@link BinaryMessageDecoder#addSchema} here so
 * stored values written before the upgrade stay readable.
 */
final class RegistrationStateCodec {

  private static final String STATE_PACKAGE = "io.learnpulse.scoring.state.";

  static {
    ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
    ClassSecurityValidator.setGlobal(
        ClassSecurityValidator.composite(
            previous, type -> type.getName().startsWith(STATE_PACKAGE)));
  }

  private static final BinaryMessageDecoder<RegistrationState> DECODER =
      new BinaryMessageDecoder<>(SpecificData.get(), RegistrationState.getClassSchema());

  private RegistrationStateCodec() {}

  static byte[] encode(RegistrationHistory history) {
    List<StoredChallengeEvent> events = new ArrayList<>();
    for (ChallengeEvent event : history.events()) {
      events.add(store(event));
    }
    RegistrationState state =
        RegistrationState.newBuilder()
            .setRegistrationId(history.registrationId())
            .setLearner(history.learner().map(RegistrationStateCodec::store).orElse(null))
            .setEvents(events)
            .build();
    try {
      ByteBuffer buffer = RegistrationState.getEncoder().encode(state);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode state of " + history.registrationId(), e);
    }
  }

  static RegistrationHistory decode(byte[] bytes) {
    RegistrationState state;
    try {
      state = DECODER.decode(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode a stored registration state", e);
    }
    List<ChallengeEvent> events = new ArrayList<>(state.getEvents().size());
    for (StoredChallengeEvent stored : state.getEvents()) {
      events.add(load(stored));
    }
    return RegistrationHistory.restore(
        state.getRegistrationId(),
        Optional.ofNullable(state.getLearner()).map(RegistrationStateCodec::load),
        events);
  }

  private static StoredLearner store(Learner learner) {
    return new StoredLearner(
        learner.tenantId(),
        learner.learnerId(),
        learner.occurredAt(),
        learner.sequence(),
        learner.eventId());
  }

  private static Learner load(StoredLearner stored) {
    return new Learner(
        stored.getTenantId(),
        stored.getLearnerId(),
        stored.getOccurredAt(),
        stored.getSequence(),
        stored.getEventId());
  }

  private static StoredChallengeEvent store(ChallengeEvent event) {
    StoredChallengeEvent.Builder stored =
        StoredChallengeEvent.newBuilder()
            .setEventId(event.eventId())
            .setOccurredAt(event.occurredAt())
            .setSequence(event.sequence())
            .setAssignmentId(event.challenge().assignmentId())
            .setTopicId(event.challenge().topicId())
            .setChallengeId(event.challenge().challengeId());
    if (event instanceof Opened) {
      stored.setKind(StoredEventKind.OPENED);
    } else if (event instanceof StepReached step) {
      stored.setKind(StoredEventKind.STEP_REACHED).setNumber(step.step()).setLast(step.last());
    } else if (event instanceof HintRevealed hint) {
      stored.setKind(StoredEventKind.HINT_REVEALED).setNumber(hint.hintIndex());
    } else if (event instanceof AnswerSubmitted answer) {
      stored
          .setKind(StoredEventKind.ANSWER_SUBMITTED)
          .setAnswerId(answer.answerId())
          .setOutcome(StoredOutcome.valueOf(answer.outcome().name()));
    } else if (event instanceof AnswerReviewed review) {
      stored
          .setKind(StoredEventKind.ANSWER_REVIEWED)
          .setAnswerId(review.answerId())
          .setOutcome(StoredOutcome.valueOf(review.outcome().name()));
    }
    return stored.build();
  }

  private static ChallengeEvent load(StoredChallengeEvent stored) {
    ChallengeRef ref =
        new ChallengeRef(stored.getAssignmentId(), stored.getTopicId(), stored.getChallengeId());
    return switch (stored.getKind()) {
      case OPENED ->
          new Opened(stored.getEventId(), stored.getOccurredAt(), stored.getSequence(), ref);
      case STEP_REACHED ->
          new StepReached(
              stored.getEventId(),
              stored.getOccurredAt(),
              stored.getSequence(),
              ref,
              stored.getNumber(),
              stored.getLast());
      case HINT_REVEALED ->
          new HintRevealed(
              stored.getEventId(),
              stored.getOccurredAt(),
              stored.getSequence(),
              ref,
              stored.getNumber());
      case ANSWER_SUBMITTED ->
          new AnswerSubmitted(
              stored.getEventId(),
              stored.getOccurredAt(),
              stored.getSequence(),
              ref,
              stored.getAnswerId(),
              SubmissionOutcome.valueOf(stored.getOutcome().name()));
      case ANSWER_REVIEWED ->
          new AnswerReviewed(
              stored.getEventId(),
              stored.getOccurredAt(),
              stored.getSequence(),
              ref,
              stored.getAnswerId(),
              ReviewOutcome.valueOf(stored.getOutcome().name()));
    };
  }
}

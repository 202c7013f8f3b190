package io.learnpulse.scoring.topology;

import io.learnpulse.scoring.domain.ChallengeEvent;
import io.learnpulse.scoring.domain.ChallengeEvent.ChallengeRef;
import io.learnpulse.scoring.domain.ChallengeEvent.ReviewOutcome;
import io.learnpulse.scoring.domain.ChallengeEvent.SubmissionOutcome;
import io.learnpulse.scoring.domain.ChallengeFacts;
import io.learnpulse.scoring.domain.ChallengeFacts.Judgement;
import io.learnpulse.scoring.domain.ChallengeFacts.JudgementKind;
import io.learnpulse.scoring.domain.ChallengeFacts.Verdict;
import io.learnpulse.scoring.domain.EventKey;
import io.learnpulse.scoring.domain.Learner;
import io.learnpulse.scoring.domain.RegistrationAggregate;
import io.learnpulse.scoring.domain.StateLimitExceededException;
import io.learnpulse.scoring.domain.StateLimits;
import io.learnpulse.scoring.state.v2.RegistrationAggregateState;
import io.learnpulse.scoring.state.v2.StoredChallenge;
import io.learnpulse.scoring.state.v2.StoredEventKey;
import io.learnpulse.scoring.state.v2.StoredHint;
import io.learnpulse.scoring.state.v2.StoredJudgement;
import io.learnpulse.scoring.state.v2.StoredLearner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.util.ClassSecurityValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores a {@link RegistrationAggregate} with what was last published for it ({@link
 * StoredRegistration}): written in version 4, the compact binary form of {@link CompactStateCodec}
 * (ADR 35, ADR 38); read in every version (versions 1 to 3 carry nothing published). Version 2
 * values, the service's own {@link RegistrationAggregateState} Avro record (scoring-state-v2.avdl)
 * in single-object encoding (2-byte marker, 8-byte schema fingerprint, Avro binary), hold the same
 * facts. Values of the first state format (a registration's raw event list, scoring-state.avdl) are
 * still read too: their events are replayed into an aggregate, so an upgrade loses nothing; events
 * beyond the {@link StateLimits} are dropped then (logged). A value read in an older version is
 * written in version 4 the next time its registration changes.
 */
final class RegistrationStateCodec {

  private static final Logger log = LoggerFactory.getLogger(RegistrationStateCodec.class);
  private static final String STATE_PACKAGE = "io.learnpulse.scoring.state.";

  static {
    ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
    ClassSecurityValidator.setGlobal(
        ClassSecurityValidator.composite(
            previous, type -> type.getName().startsWith(STATE_PACKAGE)));
  }

  private static final BinaryMessageDecoder<RegistrationAggregateState> DECODER =
      new BinaryMessageDecoder<>(SpecificData.get(), RegistrationAggregateState.getClassSchema());

  private static final BinaryMessageDecoder<io.learnpulse.scoring.state.v1.RegistrationState>
      V1_DECODER =
          new BinaryMessageDecoder<>(
              SpecificData.get(),
              io.learnpulse.scoring.state.v1.RegistrationState.getClassSchema());

  private RegistrationStateCodec() {}

  /** The current format, version 4. */
  static byte[] encode(StoredRegistration stored) {
    return CompactStateCodec.encode(stored);
  }

  /** The current format of {@code aggregate} with nothing published. */
  static byte[] encode(RegistrationAggregate aggregate) {
    return encode(new StoredRegistration(aggregate));
  }

  /** The aggregate of a value of any version. */
  static RegistrationAggregate decode(byte[] bytes, StateLimits limits) {
    return read(bytes, limits).aggregate();
  }

  /** Reads a value of any version. */
  static StoredRegistration read(byte[] bytes, StateLimits limits) {
    if (CompactStateCodec.isCompact(bytes)) {
      return CompactStateCodec.decode(bytes, limits);
    }
    return new StoredRegistration(decodeAvro(bytes, limits));
  }

  private static RegistrationAggregate decodeAvro(byte[] bytes, StateLimits limits) {
    RegistrationAggregateState state;
    try {
      state = DECODER.decode(bytes);
    } catch (MissingSchemaException e) {
      return decodeVersion1(bytes, limits, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode a stored registration state", e);
    }
    List<ChallengeFacts> challenges = new ArrayList<>(state.getChallenges().size());
    for (StoredChallenge stored : state.getChallenges()) {
      challenges.add(load(stored));
    }
    return RegistrationAggregate.restore(
        state.getRegistrationId(),
        limits,
        Optional.ofNullable(state.getLearner()).map(RegistrationStateCodec::load),
        challenges);
  }

  private static RegistrationAggregate decodeVersion1(
      byte[] bytes, StateLimits limits, MissingSchemaException notVersion2) {
    io.learnpulse.scoring.state.v1.RegistrationState state;
    try {
      state = V1_DECODER.decode(bytes);
    } catch (MissingSchemaException e) {
      throw notVersion2;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode a stored registration state (version 1)", e);
    }
    RegistrationAggregate aggregate = new RegistrationAggregate(state.getRegistrationId(), limits);
    io.learnpulse.scoring.state.v1.StoredLearner learner = state.getLearner();
    if (learner != null) {
      aggregate.observeLearner(
          new Learner(
              learner.getTenantId(),
              learner.getLearnerId(),
              learner.getOccurredAt(),
              learner.getSequence(),
              learner.getEventId()));
    }
    int dropped = 0;
    for (io.learnpulse.scoring.state.v1.StoredChallengeEvent stored : state.getEvents()) {
      try {
        aggregate.add(event(stored));
      } catch (StateLimitExceededException e) {
        dropped++;
      }
    }
    if (dropped > 0) {
      log.warn(
          "Registration {}: {} of its {} stored events exceed the state limits and were dropped"
              + " while converting its state to version 2",
          state.getRegistrationId(),
          dropped,
          state.getEvents().size());
    }
    return aggregate;
  }

  private static Learner load(StoredLearner stored) {
    return new Learner(
        stored.getTenantId(),
        stored.getLearnerId(),
        stored.getOccurredAt(),
        stored.getSequence(),
        stored.getEventId());
  }

  private static EventKey load(StoredEventKey stored) {
    return new EventKey(stored.getOccurredAt(), stored.getSequence(), stored.getEventId());
  }

  private static ChallengeFacts load(StoredChallenge stored) {
    Map<Integer, EventKey> hints = new TreeMap<>();
    for (StoredHint hint : stored.getHints()) {
      hints.put(hint.getIndex(), load(hint.getRevealed()));
    }
    List<Judgement> judgements = new ArrayList<>(stored.getJudgements().size());
    for (StoredJudgement judgement : stored.getJudgements()) {
      judgements.add(
          new Judgement(
              load(judgement.getKey()),
              JudgementKind.valueOf(judgement.getKind().name()),
              judgement.getAnswerId(),
              Verdict.valueOf(judgement.getVerdict().name())));
    }
    return new ChallengeFacts(
        new ChallengeRef(stored.getAssignmentId(), stored.getTopicId(), stored.getChallengeId()),
        load(stored.getEarliest()),
        stored.getLatest(),
        stored.getRecords(),
        stored.getOpened(),
        stored.getLastStepReached(),
        new TreeMap<>(hints),
        judgements);
  }

  private static ChallengeEvent event(io.learnpulse.scoring.state.v1.StoredChallengeEvent stored) {
    ChallengeRef ref =
        new ChallengeRef(stored.getAssignmentId(), stored.getTopicId(), stored.getChallengeId());
    return switch (stored.getKind()) {
      case OPENED ->
          new ChallengeEvent.Opened(
              stored.getEventId(), stored.getOccurredAt(), stored.getSequence(), ref);
      case STEP_REACHED ->
          new ChallengeEvent.StepReached(
              stored.getEventId(),
              stored.getOccurredAt(),
              stored.getSequence(),
              ref,
              stored.getNumber(),
              stored.getLast());
      case HINT_REVEALED ->
          new ChallengeEvent.HintRevealed(
              stored.getEventId(),
              stored.getOccurredAt(),
              stored.getSequence(),
              ref,
              stored.getNumber());
      case ANSWER_SUBMITTED ->
          new ChallengeEvent.AnswerSubmitted(
              stored.getEventId(),
              stored.getOccurredAt(),
              stored.getSequence(),
              ref,
              stored.getAnswerId(),
              SubmissionOutcome.valueOf(stored.getOutcome().name()));
      case ANSWER_REVIEWED ->
          new ChallengeEvent.AnswerReviewed(
              stored.getEventId(),
              stored.getOccurredAt(),
              stored.getSequence(),
              ref,
              stored.getAnswerId(),
              ReviewOutcome.valueOf(stored.getOutcome().name()));
    };
  }
}

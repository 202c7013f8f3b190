package io.learnpulse.scoring.topology;

import io.learnpulse.scoring.domain.ChallengeFacts;
import io.learnpulse.scoring.domain.ChallengeFacts.Judgement;
import io.learnpulse.scoring.domain.EventKey;
import io.learnpulse.scoring.domain.Learner;
import io.learnpulse.scoring.domain.RegistrationAggregate;
import io.learnpulse.scoring.state.v2.RegistrationAggregateState;
import io.learnpulse.scoring.state.v2.StoredChallenge;
import io.learnpulse.scoring.state.v2.StoredEventKey;
import io.learnpulse.scoring.state.v2.StoredHint;
import io.learnpulse.scoring.state.v2.StoredJudgement;
import io.learnpulse.scoring.state.v2.StoredJudgementKind;
import io.learnpulse.scoring.state.v2.StoredLearner;
import io.learnpulse.scoring.state.v2.StoredVerdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes registration states in version 2 (Avro single-object encoding), the format the service
 * wrote before version 3 and still reads: the codec tests' fixtures for that path.
 */
final class Version2States {

  private Version2States() {}

  /** {@code aggregate} in version 2. */
  static byte[] encode(RegistrationAggregate aggregate) {
    List<StoredChallenge> challenges = new ArrayList<>();
    for (ChallengeFacts facts : aggregate.challenges()) {
      challenges.add(store(facts));
    }
    RegistrationAggregateState state =
        RegistrationAggregateState.newBuilder()
            .setRegistrationId(aggregate.registrationId())
            .setLearner(aggregate.learner().map(Version2States::store).orElse(null))
            .setChallenges(challenges)
            .build();
    try {
      ByteBuffer buffer = RegistrationAggregateState.getEncoder().encode(state);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode state of " + aggregate.registrationId(), e);
    }
  }

  private static StoredLearner store(Learner learner) {
    return new StoredLearner(
        learner.tenantId(),
        learner.learnerId(),
        learner.occurredAt(),
        learner.sequence(),
        learner.eventId());
  }

  private static StoredEventKey store(EventKey key) {
    return new StoredEventKey(key.occurredAt(), key.sequence(), key.eventId());
  }

  private static StoredChallenge store(ChallengeFacts facts) {
    List<StoredHint> hints = new ArrayList<>(facts.hints().size());
    facts.hints().forEach((index, key) -> hints.add(new StoredHint(index, store(key))));
    List<StoredJudgement> judgements = new ArrayList<>(facts.judgements().size());
    for (Judgement judgement : facts.judgements()) {
      judgements.add(
          new StoredJudgement(
              store(judgement.key()),
              StoredJudgementKind.valueOf(judgement.kind().name()),
              judgement.answerId(),
              StoredVerdict.valueOf(judgement.verdict().name())));
    }
    return StoredChallenge.newBuilder()
        .setAssignmentId(facts.challenge().assignmentId())
        .setTopicId(facts.challenge().topicId())
        .setChallengeId(facts.challenge().challengeId())
        .setEarliest(store(facts.earliest()))
        .setLatest(facts.latest())
        .setRecords(facts.records())
        .setOpened(facts.opened())
        .setLastStepReached(facts.lastStepReached())
        .setHints(hints)
        .setJudgements(judgements)
        .build();
  }
}

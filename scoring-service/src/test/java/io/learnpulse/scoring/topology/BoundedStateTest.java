package io.learnpulse.scoring.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.scoring.domain.ChallengeEvent;
import io.learnpulse.scoring.domain.ChallengeEvent.ChallengeRef;
import io.learnpulse.scoring.domain.Learner;
import io.learnpulse.scoring.domain.RegistrationAggregate;
import io.learnpulse.scoring.domain.ScoringPolicy;
import io.learnpulse.scoring.domain.StateLimits;
import io.learnpulse.scoring.domain.TopicResult;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One registration's million events through its aggregate, the stored form encoded and read back
 * every thousand events as the processor does after each: the stored state, which is what every
 * event reads and writes, stays the same size however many events came before.
 */
class BoundedStateTest {

  private static final int EVENTS = 1_000_000;
  private static final int MAX_STATE_BYTES = 2_048;
  private static final int SAMPLE_EVERY = 1_000;
  private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
  private static final String[] CHALLENGES = {"a", "b", "c", "d"};

  @Test
  void aMillionEventsOfOneRegistrationKeepItsStateSmallAndTheSameSize() {
    ScoringPolicy policy = ScoringPolicy.builder("assignment").topic("topic", CHALLENGES).build();
    RegistrationAggregate first = new RegistrationAggregate("registration", StateLimits.DEFAULTS);
    first.observeLearner(new Learner("tenant", "learner", START, 0, new UUID(0, 0)));
    byte[] state = RegistrationStateCodec.encode(first);
    int sizeAfterWarmUp = 0;
    int largest = 0;

    RegistrationAggregate aggregate = RegistrationStateCodec.decode(state, StateLimits.DEFAULTS);
    for (int i = 1; i <= EVENTS; i++) {
      aggregate.add(event(i));
      if (i % SAMPLE_EVERY == 0) {
        // what the processor stores after this event and reads back for the next
        state = RegistrationStateCodec.encode(aggregate);
        aggregate = RegistrationStateCodec.decode(state, StateLimits.DEFAULTS);
        largest = Math.max(largest, state.length);
        if (i == SAMPLE_EVERY) {
          sizeAfterWarmUp = state.length;
        }
      }
    }

    assertThat(largest).as("bytes of state read and written per event").isLessThan(MAX_STATE_BYTES);
    // the only field that grows is each challenge's record count, a varint: one more byte per
    // challenge between a thousand and a million records
    assertThat(state.length).isLessThanOrEqualTo(sizeAfterWarmUp + CHALLENGES.length);
    TopicResult topic =
        RegistrationStateCodec.decode(state, StateLimits.DEFAULTS)
            .evaluate(policy)
            .topic("topic")
            .orElseThrow();
    assertThat(topic.challenges())
        .allSatisfy(
            c -> {
              assertThat(c.opened()).isTrue();
              assertThat(c.hints()).isEqualTo(5);
              assertThat(c.resolved()).isFalse();
            });
  }

  /** challenge.opened, step reached and hint revealed in turn, each with its own event id. */
  static ChallengeEvent event(int i) {
    ChallengeRef ref = new ChallengeRef("assignment", "topic", CHALLENGES[i % CHALLENGES.length]);
    UUID id = new UUID(0x5c0de, i);
    Instant at = START.plusMillis(i);
    return switch (i % 3) {
      case 0 -> new ChallengeEvent.Opened(id, at, i, ref);
      case 1 -> new ChallengeEvent.StepReached(id, at, i, ref, i % 10, false);
      default -> new ChallengeEvent.HintRevealed(id, at, i, ref, i % 5);
    };
  }
}

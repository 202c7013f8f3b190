package io.learnpulse.scoring.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.learnpulse.scoring.domain.ChallengeEvent;
import io.learnpulse.scoring.domain.ChallengeEvent.ChallengeRef;
import io.learnpulse.scoring.domain.Learner;
import io.learnpulse.scoring.domain.RegistrationAggregate;
import io.learnpulse.scoring.domain.ScoringPolicy;
import io.learnpulse.scoring.domain.StateLimits;
import io.learnpulse.scoring.state.v1.RegistrationState;
import io.learnpulse.scoring.state.v1.StoredChallengeEvent;
import io.learnpulse.scoring.state.v1.StoredEventKind;
import io.learnpulse.scoring.state.v1.StoredLearner;
import io.learnpulse.scoring.state.v1.StoredOutcome;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.message.BadHeaderException;
import org.junit.jupiter.api.Test;

/** The stored registration state: version 4 round trips, versions 3, 2 and 1 are read. */
class RegistrationStateCodecTest {

  private static final Instant AT = Instant.parse("2026-03-02T09:00:00Z");
  private static final ChallengeRef A = new ChallengeRef("assignment", "topic", "a");
  private static final ScoringPolicy POLICY =
      ScoringPolicy.builder("assignment").topic("topic", "a", "b").build();

  private static List<ChallengeEvent> everyKind() {
    return List.of(
        new ChallengeEvent.Opened(new UUID(0, 1), AT, 1, A),
        new ChallengeEvent.StepReached(new UUID(0, 2), AT.plusSeconds(1), 2, A, 3, true),
        new ChallengeEvent.HintRevealed(new UUID(0, 3), AT.plusSeconds(2), 3, A, 1),
        new ChallengeEvent.AnswerSubmitted(
            new UUID(0, 4),
            AT.plusSeconds(3),
            4,
            A,
            "p1",
            ChallengeEvent.SubmissionOutcome.PENDING_REVIEW),
        new ChallengeEvent.AnswerReviewed(
            new UUID(0, 5), AT.plusSeconds(4), 0, A, "p1", ChallengeEvent.ReviewOutcome.CORRECT));
  }

  @Test
  void storedAggregateReadsBackWithEveryFactAndTheLearner() {
    Learner learner = new Learner("tenant", "learner", AT, 1, new UUID(0, 1));
    RegistrationAggregate aggregate =
        RegistrationAggregate.restore(
            "registration", StateLimits.DEFAULTS, Optional.empty(), List.of());
    aggregate.observeLearner(learner);
    everyKind().forEach(aggregate::add);

    RegistrationAggregate read =
        RegistrationStateCodec.decode(
            RegistrationStateCodec.encode(aggregate), StateLimits.DEFAULTS);

    assertThat(read.registrationId()).isEqualTo("registration");
    assertThat(read.learner()).contains(learner);
    assertThat(read.challenges()).isEqualTo(aggregate.challenges());
    assertThat(read.evaluate(POLICY)).isEqualTo(aggregate.evaluate(POLICY));
    assertThat(read.evaluate(POLICY).topic("topic").orElseThrow().challenges().get(0).score())
        .hasValue(90);
  }

  @Test
  void stateIsWrittenInVersion4AndVersion3And2ValuesAreStillRead() {
    RegistrationAggregate aggregate = aggregateOfEveryKind();

    byte[] version4 = RegistrationStateCodec.encode(aggregate);
    byte[] version2 = Version2States.encode(aggregate);
    // version 3 is version 4 without the published section (here: a zero count, the last byte)
    byte[] version3 = java.util.Arrays.copyOf(version4, version4.length - 1);
    version3[0] = CompactStateCodec.VERSION_3;

    assertThat(version4[0]).isEqualTo(CompactStateCodec.VERSION).isEqualTo((byte) 4);
    assertThat(version4[version4.length - 1]).isZero();
    assertThat(version4.length).isLessThan(version2.length);
    for (byte[] stored : List.of(version4, version3, version2)) {
      RegistrationAggregate read = RegistrationStateCodec.decode(stored, StateLimits.DEFAULTS);
      assertThat(read.registrationId()).isEqualTo("registration");
      assertThat(read.learner()).isEqualTo(aggregate.learner());
      assertThat(read.challenges()).isEqualTo(aggregate.challenges());
      assertThat(read.evaluate(POLICY)).isEqualTo(aggregate.evaluate(POLICY));
    }
    for (byte[] older : List.of(version3, version2)) {
      assertThat(RegistrationStateCodec.read(older, StateLimits.DEFAULTS).published()).isEmpty();
      assertThat(
              RegistrationStateCodec.encode(
                  RegistrationStateCodec.read(older, StateLimits.DEFAULTS)))
          .as("an older value is written in version 4 the next time")
          .isEqualTo(version4);
    }
  }

  /** What was published per topic reads back in order, with digests of any bits and any time. */
  @Test
  void publishedStatusesReadBack() {
    StoredRegistration stored = new StoredRegistration(aggregateOfEveryKind());
    stored.publish("topic", new StoredRegistration.Published(-1L, AT));
    stored.publish("é-other", new StoredRegistration.Published(Long.MIN_VALUE, Instant.EPOCH));
    stored.publish("a", new StoredRegistration.Published(0x0123456789abcdefL, AT.minusSeconds(1)));

    StoredRegistration read =
        RegistrationStateCodec.read(RegistrationStateCodec.encode(stored), StateLimits.DEFAULTS);

    assertThat(read.published()).containsExactlyEntriesOf(stored.published());
    assertThat(read.aggregate().challenges()).isEqualTo(stored.aggregate().challenges());
    assertThat(read.published("none")).isEmpty();
  }

  /**
   * Random aggregates (several assignments, topics and challenges, every event kind, non-ASCII ids,
   * times before 1970 and far ahead) read back equal from version 4 and agree with version 2.
   */
  @Test
  void randomAggregatesRoundTripInVersion4AsInVersion2() {
    java.util.Random random = new java.util.Random(35);
    String[] ids = {"a", "b", "é-ß", "topic", "assignment", "x".repeat(200)};
    for (int n = 0; n < 500; n++) {
      RegistrationAggregate aggregate =
          new RegistrationAggregate("registration-" + n, StateLimits.DEFAULTS);
      if (random.nextBoolean()) {
        aggregate.observeLearner(
            new Learner(
                ids[random.nextInt(ids.length)],
                ids[random.nextInt(ids.length)],
                Instant.ofEpochMilli(random.nextLong() % 5_000_000_000_000L),
                random.nextInt(Integer.MAX_VALUE),
                new UUID(random.nextLong(), random.nextLong())));
      }
      int events = random.nextInt(40);
      for (int e = 0; e < events; e++) {
        ChallengeRef ref =
            new ChallengeRef(
                ids[random.nextInt(3)], ids[random.nextInt(ids.length)], ids[random.nextInt(4)]);
        UUID id = new UUID(random.nextLong(), random.nextLong());
        Instant at = AT.plusMillis(random.nextInt(10_000_000) - 5_000_000L);
        long sequence = random.nextInt(1000);
        String answer = ids[random.nextInt(ids.length)];
        ChallengeEvent event =
            switch (random.nextInt(5)) {
              case 0 -> new ChallengeEvent.Opened(id, at, sequence, ref);
              case 1 ->
                  new ChallengeEvent.StepReached(
                      id, at, sequence, ref, random.nextInt(9), random.nextBoolean());
              case 2 -> new ChallengeEvent.HintRevealed(id, at, sequence, ref, random.nextInt(5));
              case 3 -> {
                var outcome = ChallengeEvent.SubmissionOutcome.values()[random.nextInt(3)];
                yield new ChallengeEvent.AnswerSubmitted(id, at, sequence, ref, answer, outcome);
              }
              default -> {
                var review = ChallengeEvent.ReviewOutcome.values()[random.nextInt(2)];
                yield new ChallengeEvent.AnswerReviewed(id, at, sequence, ref, answer, review);
              }
            };
        aggregate.add(event);
      }
      RegistrationAggregate v3 =
          RegistrationStateCodec.decode(
              RegistrationStateCodec.encode(aggregate), StateLimits.DEFAULTS);
      RegistrationAggregate v2 =
          RegistrationStateCodec.decode(Version2States.encode(aggregate), StateLimits.DEFAULTS);
      assertThat(v3.registrationId()).isEqualTo(aggregate.registrationId());
      assertThat(v3.learner()).isEqualTo(aggregate.learner()).isEqualTo(v2.learner());
      assertThat(v3.challenges()).isEqualTo(aggregate.challenges()).isEqualTo(v2.challenges());
    }
  }

  @Test
  void truncatedOrCorruptVersion4ValuesAreRefused() {
    StoredRegistration published = new StoredRegistration(aggregateOfEveryKind());
    published.publish("topic", new StoredRegistration.Published(42L, AT));
    byte[] stored = RegistrationStateCodec.encode(published);
    for (int length = 1; length < stored.length; length++) {
      byte[] truncated = java.util.Arrays.copyOf(stored, length);
      assertThatThrownBy(() -> RegistrationStateCodec.decode(truncated, StateLimits.DEFAULTS))
          .as("first %d bytes", length)
          .isInstanceOf(IllegalArgumentException.class);
    }
    byte[] trailing = java.util.Arrays.copyOf(stored, stored.length + 1);
    assertThatThrownBy(() -> RegistrationStateCodec.decode(trailing, StateLimits.DEFAULTS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("after the registration state");
  }

  private static RegistrationAggregate aggregateOfEveryKind() {
    RegistrationAggregate aggregate =
        new RegistrationAggregate("registration", StateLimits.DEFAULTS);
    aggregate.observeLearner(new Learner("tenant", "learner", AT, 1, new UUID(0, 1)));
    everyKind().forEach(aggregate::add);
    aggregate.add(
        new ChallengeEvent.Opened(
            new UUID(0, 6), AT.plusSeconds(5), 6, new ChallengeRef("assignment", "topic", "b")));
    return aggregate;
  }

  @Test
  void emptyAggregateReadsBackEmpty() {
    RegistrationAggregate read =
        RegistrationStateCodec.decode(
            RegistrationStateCodec.encode(
                new RegistrationAggregate("registration", StateLimits.DEFAULTS)),
            StateLimits.DEFAULTS);

    assertThat(read.challenges()).isEmpty();
    assertThat(read.learner()).isEmpty();
  }

  @Test
  void version1StateIsConvertedWithoutLosingAnEvent() throws Exception {
    RegistrationState version1 =
        RegistrationState.newBuilder()
            .setRegistrationId("registration")
            .setLearner(new StoredLearner("tenant", "learner", AT, 1L, new UUID(0, 1)))
            .setEvents(
                List.of(
                    stored(1, StoredEventKind.OPENED, 0, null, null),
                    stored(2, StoredEventKind.HINT_REVEALED, 1, null, null),
                    stored(3, StoredEventKind.ANSWER_SUBMITTED, 0, "p1", StoredOutcome.INCORRECT),
                    stored(4, StoredEventKind.ANSWER_SUBMITTED, 0, "p2", StoredOutcome.CORRECT)))
            .build();
    ByteBuffer buffer = RegistrationState.getEncoder().encode(version1);
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);

    RegistrationAggregate read = RegistrationStateCodec.decode(bytes, StateLimits.DEFAULTS);

    assertThat(read.learner().map(Learner::learnerId)).contains("learner");
    assertThat(read.evaluate(POLICY).topic("topic").orElseThrow().challenges().get(0))
        .satisfies(
            a -> {
              assertThat(a.hints()).isEqualTo(1);
              assertThat(a.incorrectAttempts()).isEqualTo(1);
              assertThat(a.score()).hasValue(75);
            });
  }

  @Test
  void bytesThatAreNoStateAreRefused() {
    assertThatThrownBy(
            () -> RegistrationStateCodec.decode(new byte[] {0x42, 0x42}, StateLimits.DEFAULTS))
        .isInstanceOf(BadHeaderException.class);
  }

  private static StoredChallengeEvent stored(
      int n, StoredEventKind kind, int number, String answerId, StoredOutcome outcome) {
    return StoredChallengeEvent.newBuilder()
        .setEventId(new UUID(0, n))
        .setOccurredAt(AT.plusSeconds(n))
        .setSequence(n)
        .setAssignmentId("assignment")
        .setTopicId("topic")
        .setChallengeId("a")
        .setKind(kind)
        .setNumber(number)
        .setAnswerId(answerId)
        .setOutcome(outcome)
        .build();
  }
}

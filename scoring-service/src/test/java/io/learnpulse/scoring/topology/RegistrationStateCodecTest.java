package io.learnpulse.scoring.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.scoring.domain.ChallengeEvent;
import io.learnpulse.scoring.domain.ChallengeEvent.ChallengeRef;
import io.learnpulse.scoring.domain.RegistrationHistory;
import io.learnpulse.scoring.domain.RegistrationHistory.Learner;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RegistrationStateCodecTest {

  private static final Instant AT = Instant.parse("2026-03-02T09:00:00Z");
  private static final ChallengeRef A = new ChallengeRef("assignment", "topic", "a");

  @Test
  void storedHistoryReadsBackWithEveryEventKindAndTheLearner() {
    List<ChallengeEvent> events =
        List.of(
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
                new UUID(0, 5),
                AT.plusSeconds(4),
                0,
                A,
                "p1",
                ChallengeEvent.ReviewOutcome.CORRECT));
    Learner learner = new Learner("tenant", "learner", AT, 1, new UUID(0, 1));
    RegistrationHistory history =
        RegistrationHistory.restore("registration", Optional.of(learner), events);

    RegistrationHistory read =
        RegistrationStateCodec.decode(RegistrationStateCodec.encode(history));

    assertThat(read.registrationId()).isEqualTo("registration");
    assertThat(read.learner()).contains(learner);
    assertThat(read.events()).isEqualTo(events);
  }

  @Test
  void emptyHistoryReadsBackEmpty() {
    RegistrationHistory read =
        RegistrationStateCodec.decode(
            RegistrationStateCodec.encode(new RegistrationHistory("registration")));

    assertThat(read.events()).isEmpty();
    assertThat(read.learner()).isEmpty();
  }
}

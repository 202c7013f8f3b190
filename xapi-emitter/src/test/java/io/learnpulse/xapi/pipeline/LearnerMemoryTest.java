package io.learnpulse.xapi.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.events.v1.AnswerOutcome;
import io.learnpulse.events.v1.AnswerSubmitted;
import io.learnpulse.xapi.statement.LearnerFacts;
import io.learnpulse.xapi.testing.SampleEvents;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LearnerMemoryTest {

  private final SampleEvents events = new SampleEvents();

  @Test
  void countsDistinctAnswersAndHintsOfARegistrationSeenFromItsStart() {
    LearnerMemory memory = new LearnerMemory(10);
    memory.observe(events.started());
    memory.observe(events.hint("c", 0));
    memory.observe(events.hint("c", 0));
    AnswerSubmitted first = events.answer("c", "a-1", AnswerOutcome.INCORRECT);

    assertThat(memory.observe(first)).isEqualTo(LearnerFacts.answer(1, 1));
    assertThat(memory.observe(events.answer("c", "a-2", AnswerOutcome.CORRECT)))
        .isEqualTo(LearnerFacts.answer(2, 1));
    assertThat(memory.observe(first)).as("a redelivery").isEqualTo(LearnerFacts.answer(1, 1));
  }

  @Test
  void givesNoAttemptForARegistrationItDidNotSeeStart() {
    LearnerMemory memory = new LearnerMemory(10);
    memory.observe(events.resumed());

    assertThat(memory.observe(events.answer("c", "a-1", AnswerOutcome.CORRECT)))
        .isEqualTo(LearnerFacts.NONE);
  }

  @Test
  void measuresSessionsFromTheirLaunchAndTopicsFromTheRegistrationStart() {
    LearnerMemory memory = new LearnerMemory(10);
    memory.observe(events.started()); // 09:00:00.120
    memory.observe(events.opened("c"));

    assertThat(memory.observe(events.terminated()).duration()).hasValue(Duration.ofSeconds(2));
    assertThat(memory.observe(events.topicStatus(true)).duration())
        .hasValue(Duration.ofMinutes(14));
  }

  @Test
  void forgetsTheLeastRecentlyUsedRegistrations() {
    LearnerMemory memory = new LearnerMemory(2);
    for (int i = 0; i < 5; i++) {
      memory.observe(new SampleEvents("t", "l", java.util.UUID.randomUUID()).started());
    }

    assertThat(memory.size()).isEqualTo(2);
  }
}

package io.learnpulse.lmssync.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code session-time-commit-interval=PT0S} keeps the behaviour before ADR 0036: every heartbeat
 * that changes the session time commits, on the single and the batched path.
 */
@TestPropertySource(properties = "learnpulse.lms-sync.session-time-commit-interval=PT0S")
class SessionTimeCommitZeroIT extends SessionTimeCommitSupport {

  @ParameterizedTest
  @EnumSource(Way.class)
  void everyHeartbeatCommits(Way way) throws Exception {
    Launched launched = launched("SCORM_2004_4TH");
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    send(way, heartbeat(launched, t0.plusSeconds(30), 30_000));
    long commits = commitCount(launched);
    long events = committedEvents(launched);

    send(way, heartbeat(launched, t0.plusSeconds(60), 30_000));
    send(way, heartbeat(launched, t0.plusSeconds(90), 30_000));

    assertThat(commitCount(launched)).isEqualTo(commits + 2);
    assertThat(committedEvents(launched)).isEqualTo(events + 2);
    assertThat(lastCommitted(launched, "cmi.session_time")).isEqualTo("PT1M30S");
  }
}

package io.learnpulse.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.learnpulse.ingest.auth.RevokedSessions.Reason;
import io.learnpulse.ingest.support.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The in-memory set of revoked sessions (ADR 26): until their expiry, and bounded. */
class RevokedSessionsTest {

  private final TestClock clock = new TestClock();

  @Test
  void aRevokedSessionIsRefusedUntilItsExpiryThenForgotten() {
    RevokedSessions revoked = new RevokedSessions(10, clock);
    UUID session = UUID.randomUUID();
    revoked.revoke(session, Reason.SUPERSEDED, clock.instant().plus(Duration.ofHours(12)));

    assertThat(revoked.revoked(session)).contains(Reason.SUPERSEDED);
    assertThat(revoked.revoked(UUID.randomUUID())).isEmpty();

    clock.advance(Duration.ofHours(12).plusSeconds(1));
    assertThat(revoked.revoked(session)).isEmpty();
    assertThat(revoked.size()).isZero();
  }

  @Test
  void aRevocationAlreadyPastIsNotKeptAndALaterOneWins() {
    RevokedSessions revoked = new RevokedSessions(10, clock);
    UUID session = UUID.randomUUID();
    revoked.revoke(session, Reason.SUPERSEDED, clock.instant().minusSeconds(1));
    assertThat(revoked.size()).isZero();

    Instant soon = clock.instant().plusSeconds(60);
    revoked.revoke(session, Reason.SUPERSEDED, clock.instant().plus(Duration.ofHours(1)));
    revoked.revoke(session, Reason.TERMINATED, soon);
    clock.advance(Duration.ofMinutes(2));
    assertThat(revoked.revoked(session))
        .as("the longer revocation is kept when a shorter one arrives later")
        .contains(Reason.SUPERSEDED);
  }

  @Test
  void aFloodKeepsAtMostTheBoundDroppingTheRevocationsClosestToTheirExpiryFirst() {
    int bound = 1_000;
    RevokedSessions revoked = new RevokedSessions(bound, clock);
    UUID longest = UUID.randomUUID();
    revoked.revoke(longest, Reason.SUPERSEDED, clock.instant().plus(Duration.ofDays(1)));
    UUID first = UUID.randomUUID();
    revoked.revoke(first, Reason.SUPERSEDED, clock.instant().plusSeconds(1));
    for (int i = 0; i < 20_000; i++) {
      revoked.revoke(UUID.randomUUID(), Reason.SUPERSEDED, clock.instant().plusSeconds(10 + i));
      assertThat(revoked.size()).isLessThanOrEqualTo(bound);
    }

    assertThat(revoked.revoked(longest)).contains(Reason.SUPERSEDED);
    assertThat(revoked.revoked(first)).isEmpty();
    assertThat(revoked.evicted()).isGreaterThanOrEqualTo(20_000 + 2 - bound);
  }
}

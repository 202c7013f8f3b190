package io.learnpulse.ingest.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sessions whose tokens lms-sync revoked before their expiry (superseded by a later launch of
 * the registration, or terminated), each until the latest expiry its tokens can have
 * (docs/adr/0026-session-token-revocation.md). Every player request's session is looked up here
 * after its token was verified — cached or not — so a revoked session is refused whatever the
 * verified-token cache holds. Bounded: past the expiry an entry is useless (the token is refused as
 * expired) and is dropped; at most {@code maximumSize} entries are kept, and when a flood would
 * exceed that the entries closest to their expiry go first (counted in {@link #evicted}). Plain
 * Java: filled by {@link io.learnpulse.ingest.revocation.RevocationListener}.
 */
public final class RevokedSessions {

  /** Why a session was revoked, for the 401's detail. */
  public enum Reason {
    /** A later launch of the registration superseded the session. */
    SUPERSEDED,
    /** The learner terminated the session. */
    TERMINATED
  }

  private record Revocation(Reason reason, Instant until) {}

  private final Map<UUID, Revocation> revoked = new ConcurrentHashMap<>();
  private final int maximumSize;
  private final Clock clock;
  private final AtomicLong evicted = new AtomicLong();

  /** An empty set of at most {@code maximumSize} sessions, expiring by {@code clock}. */
  public RevokedSessions(int maximumSize, Clock clock) {
    if (maximumSize < 1) {
      throw new IllegalArgumentException("maximumSize must be positive");
    }
    this.maximumSize = maximumSize;
    this.clock = clock;
  }

  /** Records that {@code session}'s tokens are refused until {@code until}. */
  public void revoke(UUID session, Reason reason, Instant until) {
    Instant now = clock.instant();
    if (!until.isAfter(now)) {
      return;
    }
    revoked.merge(
        session,
        new Revocation(reason, until),
        (old, fresh) -> fresh.until().isAfter(old.until()) ? fresh : old);
    if (revoked.size() > maximumSize) {
      dropExpired(now);
      int excess = revoked.size() - maximumSize;
      if (excess > 0) {
        // One scan frees a hundredth of the set, so a flood costs a scan per many inserts.
        revoked.entrySet().stream()
            .sorted(Map.Entry.comparingByValue(Comparator.comparing(Revocation::until)))
            .limit(excess + maximumSize / 100)
            .toList()
            .forEach(
                e -> {
                  if (revoked.remove(e.getKey(), e.getValue())) {
                    evicted.incrementAndGet();
                  }
                });
      }
    }
  }

  /** Why {@code session} is revoked, or empty when its tokens are still good. */
  public Optional<Reason> revoked(UUID session) {
    Revocation revocation = revoked.get(session);
    if (revocation == null) {
      return Optional.empty();
    }
    if (!revocation.until().isAfter(clock.instant())) {
      revoked.remove(session, revocation);
      return Optional.empty();
    }
    return Optional.of(revocation.reason());
  }

  /** Drops every entry whose tokens have expired anyway. */
  public void dropExpired() {
    dropExpired(clock.instant());
  }

  private void dropExpired(Instant now) {
    revoked.values().removeIf(r -> !r.until().isAfter(now));
  }

  /** Sessions currently revoked (expired entries may linger until the next sweep). */
  public int size() {
    return revoked.size();
  }

  /** Revocations dropped before their expiry because the set was full. */
  public long evicted() {
    return evicted.get();
  }
}

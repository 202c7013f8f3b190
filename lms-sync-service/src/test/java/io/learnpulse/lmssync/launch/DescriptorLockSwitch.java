package io.learnpulse.lmssync.launch;

import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The launch benchmark's descriptors: the service's {@link IssuedDescriptors}, or (locking mode)
 * with the row lock the launch took before ADR 0034 — the descriptor's row read {@code FOR UPDATE}
 * at the start of the check, so the lock is held for the rest of the launch transaction — so both
 * run in one JVM, on the same data, in one run. Registered as the primary bean by the benchmark
 * only (not a component). What it does not bring back: the two token signatures, which the old
 * launch also computed under that lock (now after the commit), so the locking mode is a lower bound
 * of the old launch's lock time.
 */
public class DescriptorLockSwitch extends IssuedDescriptors {

  private final JdbcClient jdbc;
  private volatile boolean locking;

  /** Spring's constructor. */
  public DescriptorLockSwitch(JdbcClient jdbc) {
    super(jdbc);
    this.jdbc = jdbc;
  }

  /** Locks the descriptor's row at the check (true, as before ADR 0034) or not (false). */
  public void locking(boolean locking) {
    this.locking = locking;
  }

  @Override
  void checkLaunchable(UUID id, Instant now) {
    if (locking && id != null) {
      jdbc.sql("select id from issued_descriptors where id = :id for update")
          .param("id", id)
          .query(UUID.class)
          .optional();
    }
    super.checkLaunchable(id, now);
  }
}

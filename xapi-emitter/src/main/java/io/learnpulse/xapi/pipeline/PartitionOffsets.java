package io.learnpulse.xapi.pipeline;

import java.util.OptionalLong;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Offsets of one partition whose records are still being delivered. The committable offset is the
 * lowest unfinished one (or the next to read when all are finished): records finish out of order
 * across tenants and lanes, but nothing is committed past a record whose statements the LRS has not
 * accepted.
 */
final class PartitionOffsets {

  private final ConcurrentSkipListSet<Long> unfinished = new ConcurrentSkipListSet<>();
  private volatile long next = -1;
  private long committed = -1;

  /** A record was read (poll thread). */
  void started(long offset) {
    unfinished.add(offset);
    next = offset + 1;
  }

  /** A record is done: delivered, skipped or dead-lettered (any thread). */
  void finished(long offset) {
    unfinished.remove(offset);
  }

  /** Records read and not finished. */
  int inFlight() {
    return unfinished.size();
  }

  /** The offset to commit when it moved since the last commit (poll thread). */
  OptionalLong toCommit() {
    long read = next;
    if (read < 0) {
      return OptionalLong.empty();
    }
    Long lowest = unfinished.isEmpty() ? null : unfinished.first();
    long offset = lowest == null ? read : lowest;
    if (offset <= committed) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(offset);
  }

  /** The commit of {@code offset} succeeded. */
  void committed(long offset) {
    committed = Math.max(committed, offset);
  }
}

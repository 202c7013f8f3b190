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

  /** The record at {@code offset} will be read again (poll thread): nothing from it on is read. */
  void rewound(long offset) {
    unfinished.remove(offset);
    next = offset;
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
    // ceiling, not isEmpty() then first(): delivery threads remove entries concurrently
    Long lowest = unfinished.ceiling(Long.MIN_VALUE);
    long offset = lowest == null ? read : lowest;
    if (offset <= committed) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(offset);
  }

  /**
   * Records between the commit point (the lowest unfinished record, or the next to read) and the
   * next record to read: what a restart would read again.
   */
  long sinceCommitPoint() {
    long read = next;
    if (read < 0) {
      return 0;
    }
    // ceiling, not isEmpty() then first(): delivery threads remove entries concurrently
    Long lowest = unfinished.ceiling(Long.MIN_VALUE);
    return lowest == null ? 0 : read - lowest;
  }

  /** The commit of {@code offset} succeeded. */
  void committed(long offset) {
    committed = Math.max(committed, offset);
  }
}

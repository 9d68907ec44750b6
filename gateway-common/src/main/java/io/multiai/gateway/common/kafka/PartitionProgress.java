package io.multiai.gateway.common.kafka;

import java.util.TreeSet;

/**
 * Offsets of one partition handed to concurrent processing. Records finish out of order; only the
 * offset below the oldest unfinished record may be committed, so a crash replays unfinished work
 * (at-least-once) and never skips it.
 */
final class PartitionProgress {

  private final TreeSet<Long> pending = new TreeSet<>();
  private long nextToCommit = -1;
  private long lastCommitted = -1;

  synchronized void started(long offset) {
    pending.add(offset);
    nextToCommit = Math.max(nextToCommit, offset + 1);
  }

  synchronized void finished(long offset) {
    pending.remove(offset);
  }

  /** The offset to commit now, or -1 when nothing new is committable. */
  synchronized long committable() {
    long candidate = pending.isEmpty() ? nextToCommit : pending.first();
    return candidate > lastCommitted ? candidate : -1;
  }

  synchronized void committed(long offset) {
    lastCommitted = Math.max(lastCommitted, offset);
  }

  synchronized int inFlight() {
    return pending.size();
  }
}

package io.multiai.gateway.common.topics;

/** How long a topic keeps its records, which decides its retention and cleanup policy. */
public enum TopicKind {
  /** Request and reply traffic: holds user text, so it is kept only briefly, and encrypted (see {@link Topics}). */
  EPHEMERAL,
  /**
   * Batch items and their results: user text like {@link #EPHEMERAL} (encrypted the same way), but
   * kept for a batch's completion window and the time to download its results
   * ({@code gateway.kafka.batch-retention}), not a reply timeout's.
   */
  BATCH,
  /** Per-call metric events: no personal data, kept for a week for downstream consumers. */
  EVENTS,
  /** Latest value per key (aggregates, health): compacted. */
  COMPACTED;

  /** Whether values hold user text: encrypted, and retention enforced on existing topics too. */
  public boolean holdsText() {
    return this == EPHEMERAL || this == BATCH;
  }
}

package io.multiai.gateway.common.topics;

/** How long a topic keeps its records, which decides its retention and cleanup policy. */
public enum TopicKind {
  /** Request and reply traffic: holds user text, so it is kept only briefly, and encrypted (see {@link Topics}). */
  EPHEMERAL,
  /** Per-call metric events: no personal data, kept for a week for downstream consumers. */
  EVENTS,
  /** Latest value per key (aggregates, health): compacted. */
  COMPACTED
}

package io.multiai.gateway.ingress.blocking;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;

import io.multiai.gateway.common.kafka.CompactedTopicView;
import io.multiai.gateway.schemas.Block;

/**
 * Blocked subjects as every replica sees them: the compacted blocks topic, read from the beginning
 * by each instance. A block ends by itself at its expiry (no clean-up needed to unblock) or by a
 * tombstone from DELETE.
 */
public final class BlockList {

  private final CompactedTopicView<Block> view;
  private final Clock clock;

  public BlockList(CompactedTopicView<Block> view, Clock clock) {
    this.view = view;
    this.clock = clock;
  }

  /** The active block of a subject, or null: one map lookup, cheap enough for every request. */
  public Block active(String subject) {
    Block block = view.get(subject);
    return block != null && block.getExpiresAtMs() > clock.millis() ? block : null;
  }

  public List<Block> all() {
    long now = clock.millis();
    return view.snapshot().values().stream()
        .filter(b -> b.getExpiresAtMs() > now)
        .sorted(Comparator.comparing(Block::getSubject))
        .toList();
  }

  public long remainingSeconds(Block block) {
    return Math.max(1, (block.getExpiresAtMs() - clock.millis() + 999) / 1000);
  }
}

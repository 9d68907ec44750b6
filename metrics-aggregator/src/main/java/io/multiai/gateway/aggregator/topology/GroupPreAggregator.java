package io.multiai.gateway.aggregator.topology;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import io.multiai.gateway.aggregator.flush.CommitFlush;
import io.multiai.gateway.aggregator.alerts.AlertRule;
import io.multiai.gateway.aggregator.alerts.AlertTopology;
import io.multiai.gateway.aggregator.windows.Groups;
import io.multiai.gateway.aggregator.windows.LateEvents;
import io.multiai.gateway.aggregator.windows.Partials;
import io.multiai.gateway.aggregator.windows.WindowKeys;
import io.multiai.gateway.aggregator.windows.WindowSize;
import io.multiai.gateway.common.windows.QuantileSketch;
import io.multiai.gateway.common.windows.WindowAccumulator;
import io.multiai.gateway.schemas.MetricEvent;

/**
 * Sums each event, in memory and decoded, into the parts its four groups need (running total, the
 * tumbling windows it is not too late for, the alert-rule buckets), and at every commit forwards one
 * {@link Partials} record per group touched ({@link CommitFlush}). The aggregation downstream then
 * handles a handful of records a second per group instead of four per event.
 *
 * <p>Late events are decided here, with the DSL's rule: an event is left out of a window when the
 * task's stream time has passed the window's end plus the grace; each such event is counted once per
 * window size through {@link LateEvents}.
 */
final class GroupPreAggregator implements Processor<String, MetricEvent, String, Partials> {

  private final long graceMs;
  private final LateEvents late;
  private final long[] overallBuckets;
  private final long[] perModelBuckets;
  private final boolean bucketSketch;
  private final Map<String, GroupParts> pending = new LinkedHashMap<>();
  private ProcessorContext<String, Partials> context;
  private CommitFlush.Forwarder<String, Partials> out;

  GroupPreAggregator(Duration grace, LateEvents late, List<AlertRule> rules) {
    this.graceMs = grace.toMillis();
    this.late = late;
    this.overallBuckets = AlertTopology.bucketSizes(rules, true);
    this.perModelBuckets = AlertTopology.bucketSizes(rules, false);
    this.bucketSketch = AlertTopology.needsSketch(rules);
  }

  @Override
  public void init(ProcessorContext<String, Partials> context) {
    this.context = context;
    this.out = CommitFlush.register(context, MetricsTopology.PENDING_GROUPS, this::flush, pending::clear);
    // A revived task starts again from its last committed offsets: what was summed since is summed again.
    pending.clear();
  }

  @Override
  public void process(Record<String, MetricEvent> record) {
    out.sawInput();
    MetricEvent event = record.value();
    long at = record.timestamp();
    long closeTime = context.currentStreamTimeMs() - graceMs;
    List<WindowSize> sizes = WindowSize.ALL;
    boolean[] open = new boolean[sizes.size()];
    for (int i = 0; i < open.length; i++) {
      WindowSize size = sizes.get(i);
      open[i] = size.startOf(at) + size.millis() > closeTime;
      if (!open[i]) {
        late.tooLateFor(size);
      }
    }
    int latencyBucket = QuantileSketch.bucketOf(event.getLatencyMs());
    // The groups are taken from the event, not the record key: the key only places it on a partition.
    for (String group : Groups.of(event)) {
      GroupParts parts = pending.get(group);
      if (parts == null) {
        parts = new GroupParts(Groups.isModel(group) ? WindowKeys.ALL_MODELS.equals(group) ? overallBuckets : perModelBuckets : new long[0]);
        pending.put(group, parts);
      }
      parts.total.add(0, event, latencyBucket, at);
      for (int i = 0; i < open.length; i++) {
        if (open[i]) {
          parts.windows[i].add(sizes.get(i).startOf(at), event, latencyBucket, at);
        }
      }
      for (Series bucket : parts.buckets) {
        bucket.add(at - Math.floorMod(at, bucket.sizeMs), event, latencyBucket, at);
      }
    }
  }

  private void flush() {
    if (pending.isEmpty()) {
      return;
    }
    for (Map.Entry<String, GroupParts> group : pending.entrySet()) {
      List<Partials.Part> parts = new ArrayList<>();
      GroupParts sums = group.getValue();
      sums.total.drainTo(parts);
      for (Series window : sums.windows) {
        window.drainTo(parts);
      }
      for (Series bucket : sums.buckets) {
        bucket.drainTo(parts);
      }
      long latest = parts.stream().mapToLong(Partials.Part::timestampMs).max().orElse(0);
      out.forward(new Record<>(group.getKey(), new Partials(parts), latest));
    }
    pending.clear();
  }

  /** One group's sums since the last commit. */
  private final class GroupParts {
    final Series total = new Series(Partials.Kind.TOTAL, 0, true);
    final Series[] windows = WindowSize.ALL.stream().map(size -> new Series(Partials.Kind.WINDOW, size.millis(), true)).toArray(Series[]::new);
    final Series[] buckets;

    GroupParts(long[] bucketSizes) {
      buckets = new Series[bucketSizes.length];
      for (int i = 0; i < bucketSizes.length; i++) {
        buckets[i] = new Series(Partials.Kind.BUCKET, bucketSizes[i], bucketSketch);
      }
    }
  }

  /**
   * The sums of one kind and size, by start. Events mostly fall in the newest window, which is kept at
   * hand; the few of earlier ones (out of order, at a boundary) go to a map.
   */
  private static final class Series {
    final Partials.Kind kind;
    final long sizeMs;
    final boolean withSketch;
    long currentStart;
    Pending current;
    Map<Long, Pending> earlier;

    Series(Partials.Kind kind, long sizeMs, boolean withSketch) {
      this.kind = kind;
      this.sizeMs = sizeMs;
      this.withSketch = withSketch;
    }

    void add(long start, MetricEvent event, int latencyBucket, long at) {
      Pending part;
      if (current != null && start == currentStart) {
        part = current;
      } else {
        if (earlier == null) {
          earlier = new HashMap<>();
        }
        if (current != null) {
          earlier.put(currentStart, current);
        }
        part = earlier.remove(start);
        if (part == null) {
          part = new Pending(withSketch);
        }
        current = part;
        currentStart = start;
      }
      part.sum.add(event, latencyBucket);
      part.timestampMs = Math.max(part.timestampMs, at);
    }

    void drainTo(List<Partials.Part> parts) {
      if (earlier != null) {
        earlier.forEach((start, part) -> parts.add(part.toPart(kind, sizeMs, start)));
      }
      if (current != null) {
        parts.add(current.toPart(kind, sizeMs, currentStart));
      }
    }
  }

  private static final class Pending {
    final WindowAccumulator sum;
    long timestampMs;

    Pending(boolean withSketch) {
      sum = new WindowAccumulator(withSketch);
    }

    Partials.Part toPart(Partials.Kind kind, long sizeMs, long startMs) {
      return new Partials.Part(kind, sizeMs, startMs, timestampMs, sum.toAvro());
    }
  }
}

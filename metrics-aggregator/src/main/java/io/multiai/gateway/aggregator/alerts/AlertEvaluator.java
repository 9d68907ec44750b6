package io.multiai.gateway.aggregator.alerts;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import io.multiai.gateway.aggregator.windows.Groups;
import io.multiai.gateway.aggregator.windows.Partials;
import io.multiai.gateway.aggregator.windows.WindowKeys;
import io.multiai.gateway.common.windows.WindowSums;
import io.multiai.gateway.schemas.Alert;
import io.multiai.gateway.schemas.AlertState;
import io.multiai.gateway.schemas.MetricWindow;

/**
 * Evaluates the alert rules on every {@link Partials} record of the model groups (keyed by group, so one
 * task owns a group's state whichever instance runs it: a record sums what one source task saw of the
 * group in one commit interval, a single event when events are sparse) and forwards an {@link Alert}
 * only when a rule's state changes; a change requests a commit, so the alert leaves within a commit
 * interval of the source task's commit rather than two. Each rule's window is kept as
 * {@value AlertRule#BUCKETS} small buckets in a window store, so the state survives restarts through
 * the store's changelog. The buckets of the longest window are also kept decoded in memory (loaded
 * from the store on a key's first record after start, kept in step by every write after that):
 * summing a sliding window on every record would otherwise decode 30 buckets from the store per rule.
 *
 * <p>"Now" is the task's stream time (event time), not the wall clock: replaying the topic produces
 * the same alerts, and tests drive time with record timestamps.
 */
final class AlertEvaluator implements Processor<String, Partials, String, Alert> {

  private final List<AlertRule> rules;
  private final boolean sketchNeeded;
  private final long retainedMs;
  /** Per bucket key: the recent buckets by start, complete from {@code loadedFrom} on. */
  private final Map<String, RecentBuckets> recent = new HashMap<>();
  private ProcessorContext<String, Alert> context;
  private WindowStore<String, MetricWindow> buckets;
  private KeyValueStore<String, String> firing;

  AlertEvaluator(List<AlertRule> rules) {
    this.rules = rules;
    this.sketchNeeded = AlertTopology.needsSketch(rules);
    this.retainedMs = rules.stream().mapToLong(rule -> rule.window().toMillis() + rule.bucketMs()).max().orElse(0);
  }

  private static final class RecentBuckets {
    /** Buckets starting from here on are all in {@link #byStart}; older ones only in the store. */
    long loadedFrom;
    final NavigableMap<Long, MetricWindow> byStart = new TreeMap<>();

    RecentBuckets(long loadedFrom) {
      this.loadedFrom = loadedFrom;
    }
  }

  @Override
  public void init(ProcessorContext<String, Alert> context) {
    this.context = context;
    this.buckets = context.getStateStore(AlertTopology.BUCKETS_STORE);
    this.firing = context.getStateStore(AlertTopology.STATES_STORE);
    // A revived or reassigned task starts from the store again.
    recent.clear();
  }

  @Override
  public void process(Record<String, Partials> record) {
    String group = record.key();
    if (!Groups.isModel(group)) {
      return;
    }
    boolean overall = WindowKeys.ALL_MODELS.equals(group);
    List<AlertRule> watching = rules.stream().filter(rule -> rule.perModel() != overall).toList();
    if (watching.isEmpty()) {
      return;
    }
    long now = Math.max(context.currentStreamTimeMs(), record.timestamp());
    for (Partials.Part part : record.value().parts()) {
      if (part.kind() == Partials.Kind.BUCKET) {
        addToBucket(group, part, now);
      }
    }
    Map<String, MetricWindow> sums = new HashMap<>();
    for (AlertRule rule : watching) {
      long from = rule.calendar() ? now - Math.floorMod(now, rule.window().toMillis()) : now - rule.window().toMillis() + 1;
      MetricWindow sum = sums.computeIfAbsent(rule.bucketMs() + "@" + from, k -> sum(group, rule.bucketMs(), from, now));
      evaluate(rule, group, sum, now);
    }
  }

  private void addToBucket(String group, Partials.Part part, long now) {
    long bucketMs = part.sizeMs();
    String key = bucketKey(group, bucketMs);
    long start = part.startMs();
    RecentBuckets cached = recent(key, bucketMs, now);
    boolean inMemory = start >= cached.loadedFrom;
    MetricWindow current = inMemory ? cached.byStart.get(start) : buckets.fetch(key, start);
    MetricWindow updated = WindowSums.merge(current == null ? WindowSums.empty() : current, part.sum(), sketchNeeded);
    buckets.put(key, updated, start);
    if (inMemory) {
      cached.byStart.put(start, updated);
    }
  }

  /** The key's recent buckets, loaded from the store on first use; those past every window dropped. */
  private RecentBuckets recent(String key, long bucketMs, long now) {
    RecentBuckets cached = recent.get(key);
    if (cached == null) {
      long from = Math.max(0, now - retainedMs);
      long firstStart = from - Math.floorMod(from, bucketMs);
      cached = new RecentBuckets(firstStart);
      try (WindowStoreIterator<MetricWindow> it = buckets.fetch(key, firstStart, Long.MAX_VALUE)) {
        while (it.hasNext()) {
          var entry = it.next();
          cached.byStart.put(entry.key, entry.value);
        }
      }
      recent.put(key, cached);
    }
    long keepFrom = now - retainedMs - bucketMs;
    if (keepFrom > cached.loadedFrom) {
      cached.byStart.headMap(keepFrom).clear();
      cached.loadedFrom = keepFrom;
    }
    return cached;
  }

  private MetricWindow sum(String group, long bucketMs, long from, long to) {
    // Bucket starts are aligned: the bucket holding `from` starts at or before it.
    long firstStart = from - Math.floorMod(from, bucketMs);
    String key = bucketKey(group, bucketMs);
    RecentBuckets cached = recent(key, bucketMs, to);
    MetricWindow sum = WindowSums.empty();
    if (firstStart < cached.loadedFrom) {
      try (WindowStoreIterator<MetricWindow> it = buckets.fetch(key, firstStart, to)) {
        while (it.hasNext()) {
          sum = WindowSums.merge(sum, it.next().value, sketchNeeded);
        }
      }
      return sum;
    }
    for (MetricWindow bucket : cached.byStart.subMap(firstStart, true, to, true).values()) {
      sum = WindowSums.merge(sum, bucket, sketchNeeded);
    }
    return sum;
  }

  private void evaluate(AlertRule rule, String group, MetricWindow sum, long now) {
    long samples = rule.metric().samples(sum);
    if (samples < rule.minSamples()) {
      return;
    }
    double value = rule.metric().value(sum);
    boolean breached = rule.comparison().breached(value, rule.threshold());
    String stateKey = rule.name() + "|" + group;
    boolean wasFiring = firing.get(stateKey) != null;
    if (breached == wasFiring) {
      return;
    }
    if (breached) {
      firing.put(stateKey, AlertState.FIRING.name());
    } else {
      firing.delete(stateKey);
    }
    Alert alert = Alert.newBuilder()
        .setRule(rule.name())
        .setState(breached ? AlertState.FIRING : AlertState.RESOLVED)
        .setMetric(rule.metric().wireName())
        .setComparison(rule.comparison().wireName())
        .setValue(value)
        .setThreshold(rule.threshold())
        .setWindowMs(rule.window().toMillis())
        .setSamples(samples)
        .setModel(group)
        .setSeverity(rule.severity())
        .setAction(rule.action())
        .setTimestampMs(now)
        .build();
    context.forward(new Record<>(rule.name(), alert, now));
    // Out at once rather than with the next commit interval.
    context.commit();
  }

  private static String bucketKey(String group, long bucketMs) {
    return group + "|" + bucketMs;
  }
}

package io.multiai.gateway.aggregator.alerts;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import io.multiai.gateway.aggregator.windows.Groups;
import io.multiai.gateway.aggregator.windows.WindowKeys;
import io.multiai.gateway.common.metrics.WindowSums;
import io.multiai.gateway.schemas.Alert;
import io.multiai.gateway.schemas.AlertState;
import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.MetricWindow;

/**
 * Evaluates the alert rules on every event of the model groups (keyed by group, so one task owns a
 * group's state whichever instance runs it) and forwards an {@link Alert} only when a rule's state
 * changes. Each rule's window is kept as {@value AlertRule#BUCKETS} small buckets in a window store, so
 * a sliding five-minute rate costs 30 bucket reads, and the state survives restarts through the
 * stores' changelogs.
 *
 * <p>"Now" is the task's stream time (event time), not the wall clock: replaying the topic produces
 * the same alerts, and tests drive time with record timestamps.
 */
final class AlertEvaluator implements Processor<String, MetricEvent, String, Alert> {

  private final List<AlertRule> rules;
  private final boolean sketchNeeded;
  private ProcessorContext<String, Alert> context;
  private WindowStore<String, MetricWindow> buckets;
  private KeyValueStore<String, String> firing;

  AlertEvaluator(List<AlertRule> rules) {
    this.rules = rules;
    this.sketchNeeded = rules.stream().anyMatch(rule -> rule.metric() == AlertMetric.P95_LATENCY_MS);
  }

  @Override
  public void init(ProcessorContext<String, Alert> context) {
    this.context = context;
    this.buckets = context.getStateStore(AlertTopology.BUCKETS_STORE);
    this.firing = context.getStateStore(AlertTopology.STATES_STORE);
  }

  @Override
  public void process(Record<String, MetricEvent> record) {
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
    Set<Long> bucketSizes = watching.stream().map(AlertRule::bucketMs).collect(Collectors.toSet());
    for (long bucketMs : bucketSizes) {
      addToBucket(group, bucketMs, record);
    }
    Map<String, MetricWindow> sums = new HashMap<>();
    for (AlertRule rule : watching) {
      long from = rule.calendar() ? now - Math.floorMod(now, rule.window().toMillis()) : now - rule.window().toMillis() + 1;
      MetricWindow sum = sums.computeIfAbsent(rule.bucketMs() + "@" + from, k -> sum(group, rule.bucketMs(), from, now));
      evaluate(rule, group, sum, now);
    }
  }

  private void addToBucket(String group, long bucketMs, Record<String, MetricEvent> record) {
    String key = bucketKey(group, bucketMs);
    long start = record.timestamp() - Math.floorMod(record.timestamp(), bucketMs);
    MetricWindow current = buckets.fetch(key, start);
    buckets.put(key, WindowSums.add(current == null ? WindowSums.empty() : current, record.value(), sketchNeeded), start);
  }

  private MetricWindow sum(String group, long bucketMs, long from, long to) {
    // Bucket starts are aligned: the bucket holding `from` starts at or before it.
    long firstStart = from - Math.floorMod(from, bucketMs);
    MetricWindow sum = WindowSums.empty();
    try (WindowStoreIterator<MetricWindow> it = buckets.fetch(bucketKey(group, bucketMs), firstStart, to)) {
      while (it.hasNext()) {
        sum = WindowSums.merge(sum, it.next().value, sketchNeeded);
      }
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
  }

  private static String bucketKey(String group, long bucketMs) {
    return group + "|" + bucketMs;
  }
}

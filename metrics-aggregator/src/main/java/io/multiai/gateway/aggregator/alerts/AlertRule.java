package io.multiai.gateway.aggregator.alerts;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One alert rule. It is evaluated on every update of the groups it watches (what a source task summed
 * of the group in one commit interval), over the window ending at the latest event, so it fires within
 * one or two commit intervals of the breach, not when a window closes.
 *
 * @param window the span the metric is computed over
 * @param calendar false: a sliding window (the last {@code window}, in {@value #BUCKETS} buckets, so
 *     it slides in steps of window/30); true: the current epoch-aligned window (for 1d, the UTC day,
 *     as a daily budget means)
 * @param minSamples below this many events in the window the rule holds its state: too little traffic
 *     neither fires nor resolves it (silence is not a recovery)
 * @param perModel false: one alert over all models (model {@code *}); true: one per model
 */
public record AlertRule(
    String name,
    AlertMetric metric,
    Duration window,
    @DefaultValue("false") boolean calendar,
    Comparison comparison,
    double threshold,
    @DefaultValue("1") long minSamples,
    @DefaultValue("warning") String severity,
    @DefaultValue("log_alert") String action,
    @DefaultValue("false") boolean perModel) {

  public static final int BUCKETS = 30;

  public AlertRule {
    if (name == null || name.isBlank() || metric == null || window == null || comparison == null) {
      throw new IllegalArgumentException("an alert rule needs a name, metric, window and comparison: " + name);
    }
    if (window.toMillis() < BUCKETS || window.toMillis() % BUCKETS != 0) {
      throw new IllegalArgumentException("alert rule " + name + ": the window must be a multiple of " + BUCKETS + " ms");
    }
  }

  public long bucketMs() {
    return window.toMillis() / BUCKETS;
  }
}

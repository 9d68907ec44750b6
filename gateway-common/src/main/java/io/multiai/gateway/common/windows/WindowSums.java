package io.multiai.gateway.common.windows;

import java.util.HashMap;
import java.util.Map;

import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.MetricWindow;

/**
 * The arithmetic of {@link MetricWindow}s: fold an event in, or merge two aggregates (every field is a
 * sum, a maximum or a mergeable sketch, so windows combine into any longer range exactly).
 *
 * <p>What counts where: {@code count}, {@code successes}, latency, tokens and cost are provider calls
 * only; {@code queries} and {@code querySuccesses} are requests answered, cache hits included (a hit
 * is a query that reached no provider, counted also in {@code cacheHits}). The figures derived from
 * these sums live in {@link WindowFigures}.
 */
public final class WindowSums {

  private WindowSums() {}

  public static MetricWindow empty() {
    return MetricWindow.newBuilder()
        .setModel("")
        .setWindowSizeMs(0).setWindowStartMs(0).setWindowEndMs(0)
        .setCount(0).setSuccesses(0)
        .setCostUsd(0.0).setUnknownCostCount(0)
        .setInputTokens(0).setOutputTokens(0)
        .setLatencySumMs(0).setLatencyMaxMs(0)
        .setFailuresByType(new HashMap<>())
        .setLatency(QuantileSketch.empty().toAvro())
        .build();
  }

  public static MetricWindow add(MetricWindow sum, MetricEvent event) {
    return add(sum, event, true);
  }

  /**
   * The sum with the event folded in ({@link WindowAccumulator} says what an event adds).
   *
   * @param withSketch false leaves the latency sketch out, for sums that never need a percentile (cheaper)
   */
  public static MetricWindow add(MetricWindow sum, MetricEvent event, boolean withSketch) {
    return merge(sum, new WindowAccumulator(withSketch).add(event).toAvro(), withSketch);
  }

  /** The sums of both; labels (model, dimension, bounds) are those of {@code a}. */
  public static MetricWindow merge(MetricWindow a, MetricWindow b) {
    return merge(a, b, true);
  }

  public static MetricWindow merge(MetricWindow a, MetricWindow b, boolean withSketch) {
    Map<String, Long> failures = new HashMap<>(a.getFailuresByType());
    b.getFailuresByType().forEach((type, n) -> failures.merge(type, n, Long::sum));
    return MetricWindow.newBuilder(a)
        .setCount(a.getCount() + b.getCount())
        .setSuccesses(a.getSuccesses() + b.getSuccesses())
        .setQueries(a.getQueries() + b.getQueries())
        .setQuerySuccesses(a.getQuerySuccesses() + b.getQuerySuccesses())
        .setCostUsd(a.getCostUsd() + b.getCostUsd())
        .setUnknownCostCount(a.getUnknownCostCount() + b.getUnknownCostCount())
        .setEstimatedCostCount(a.getEstimatedCostCount() + b.getEstimatedCostCount())
        .setInputTokens(a.getInputTokens() + b.getInputTokens())
        .setOutputTokens(a.getOutputTokens() + b.getOutputTokens())
        .setLatencySumMs(a.getLatencySumMs() + b.getLatencySumMs())
        .setLatencyMaxMs(Math.max(a.getLatencyMaxMs(), b.getLatencyMaxMs()))
        .setFailuresByType(failures)
        .setCacheHits(a.getCacheHits() + b.getCacheHits())
        .setLatency(withSketch ? QuantileSketch.of(a.getLatency()).merge(QuantileSketch.of(b.getLatency())).toAvro() : a.getLatency())
        .build();
  }
}

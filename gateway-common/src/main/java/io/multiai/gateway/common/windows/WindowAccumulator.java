package io.multiai.gateway.common.windows;

import java.util.HashMap;
import java.util.Map;

import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.MetricWindow;

/**
 * A {@link MetricWindow} being summed, kept decoded and mutable: folding an event in is a few additions
 * and one sketch update, with no Avro record copied and no sketch decoded or re-encoded per event. This
 * is the one place that says what an event adds to a window ({@link WindowSums#add} is defined through
 * it); {@link #toAvro()} gives the sums as a MetricWindow to merge ({@link WindowSums#merge}) into a
 * stored one.
 *
 * <p>Mutable and not thread-safe.
 */
public final class WindowAccumulator {

  private final boolean withSketch;
  private long count;
  private long successes;
  private long queries;
  private long querySuccesses;
  private long cacheHits;
  private double costUsd;
  private long unknownCostCount;
  private long estimatedCostCount;
  private long inputTokens;
  private long outputTokens;
  private long latencySumMs;
  private long latencyMaxMs;
  private Map<String, Long> failuresByType;
  private final QuantileSketch latency = QuantileSketch.empty();

  /** @param withSketch false leaves the latency sketch empty, for sums that never need a percentile (cheaper). */
  public WindowAccumulator(boolean withSketch) {
    this.withSketch = withSketch;
  }

  public WindowAccumulator add(MetricEvent event) {
    return add(event, QuantileSketch.bucketOf(event.getLatencyMs()));
  }

  /**
   * @param latencyBucket the event's latency's sketch bucket ({@link QuantileSketch#bucketOf}), when the
   *     caller adds the event to several sums
   */
  public WindowAccumulator add(MetricEvent event, int latencyBucket) {
    if (event.getCacheHit()) {
      // A cache hit is a query answered, not a provider call: it moves the query and hit counts only, so
      // a burst of fast hits can neither hide a slow provider's latency nor thin out the cost per call.
      queries++;
      querySuccesses++;
      cacheHits++;
      return this;
    }
    boolean success = event.getSuccess();
    boolean concluding = event.getConcluding();
    count++;
    successes += success ? 1 : 0;
    queries += concluding ? 1 : 0;
    querySuccesses += concluding && success ? 1 : 0;
    // An unknown cost is not a zero cost: it is left out of the sum and counted, so a reader can tell
    // "free" from "not priced" and say how much of the total it covers.
    Double cost = event.getCostUsd();
    if (cost == null) {
      unknownCostCount++;
    } else {
      costUsd += cost;
      estimatedCostCount += event.getCostEstimated() ? 1 : 0;
    }
    inputTokens += event.getInputTokens();
    outputTokens += event.getOutputTokens();
    long latencyMs = event.getLatencyMs();
    latencySumMs += latencyMs;
    latencyMaxMs = Math.max(latencyMaxMs, latencyMs);
    if (!success) {
      if (failuresByType == null) {
        failuresByType = new HashMap<>(4);
      }
      failuresByType.merge(event.getErrorType() == null ? "unknown" : event.getErrorType(), 1L, Long::sum);
    }
    if (withSketch) {
      latency.addToBucketOf(latencyBucket, 1);
    }
    return this;
  }

  /** Provider calls plus cache hits: every event folded in. */
  public long events() {
    return count + cacheHits;
  }

  /** The sums as an unlabelled MetricWindow (model "", no bounds), ready to merge into another. */
  public MetricWindow toAvro() {
    return MetricWindow.newBuilder()
        .setModel("")
        .setWindowSizeMs(0).setWindowStartMs(0).setWindowEndMs(0)
        .setCount(count).setSuccesses(successes)
        .setQueries(queries).setQuerySuccesses(querySuccesses).setCacheHits(cacheHits)
        .setCostUsd(costUsd).setUnknownCostCount(unknownCostCount).setEstimatedCostCount(estimatedCostCount)
        .setInputTokens(inputTokens).setOutputTokens(outputTokens)
        .setLatencySumMs(latencySumMs).setLatencyMaxMs(latencyMaxMs)
        .setFailuresByType(failuresByType == null ? new HashMap<>() : new HashMap<>(failuresByType))
        .setLatency(latency.toAvro())
        .build();
  }
}

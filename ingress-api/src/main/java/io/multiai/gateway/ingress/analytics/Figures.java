package io.multiai.gateway.ingress.analytics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import io.multiai.gateway.common.windows.WindowFigures;
import io.multiai.gateway.common.windows.WindowSums;
import io.multiai.gateway.schemas.MetricWindow;

/**
 * The JSON figures of one aggregate. Queries are requests (each counted once, by the call that
 * concluded it, or by its cache hit); calls are provider calls, fallbacks included, never cache hits.
 * Cost is every call's known cost, so it equals the sum of the replies' costs. Latencies are provider
 * call latencies in ms. The arithmetic is {@link WindowFigures}'.
 */
public final class Figures {

  private Figures() {}

  public static Map<String, Object> of(MetricWindow window) {
    MetricWindow w = window == null ? WindowSums.empty() : window;
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("totalQueries", w.getQueries());
    figures.put("totalCalls", w.getCount());
    figures.put("successRate", WindowFigures.successRate(w));
    figures.put("callSuccessRate", WindowFigures.callSuccessRate(w));
    figures.put("totalCost", w.getCostUsd());
    figures.put("unknownCostCalls", w.getUnknownCostCount());
    figures.put("estimatedCostCalls", w.getEstimatedCostCount());
    figures.put("averageLatency", WindowFigures.averageLatencyMs(w));
    figures.put("p50Latency", WindowFigures.latencyQuantileMs(w, 0.50));
    figures.put("p95Latency", WindowFigures.latencyQuantileMs(w, 0.95));
    figures.put("p99Latency", WindowFigures.latencyQuantileMs(w, 0.99));
    figures.put("maxLatency", w.getLatencyMaxMs());
    figures.put("inputTokens", w.getInputTokens());
    figures.put("outputTokens", w.getOutputTokens());
    figures.put("cacheHits", w.getCacheHits());
    figures.put("cacheHitRate", WindowFigures.cacheHitRate(w));
    figures.put("failuresByType", new TreeMap<>(w.getFailuresByType()));
    return figures;
  }
}

package io.multiai.gateway.ingress.analytics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import io.multiai.gateway.common.metrics.QuantileSketch;
import io.multiai.gateway.common.metrics.WindowSums;
import io.multiai.gateway.schemas.MetricWindow;

/**
 * The JSON figures of one aggregate. Queries are requests (each counted once, by the call that
 * concluded it); calls are provider calls, fallbacks included. Cost is every call's known cost, so it
 * equals the sum of the replies' costs. Latencies are provider call latencies in ms.
 */
public final class Figures {

  private Figures() {}

  public static Map<String, Object> of(MetricWindow window) {
    MetricWindow w = window == null ? WindowSums.empty() : window;
    QuantileSketch latency = QuantileSketch.of(w.getLatency());
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("totalQueries", w.getQueries());
    figures.put("totalCalls", w.getCount());
    figures.put("successRate", ratio(w.getQuerySuccesses(), w.getQueries(), 1.0));
    figures.put("callSuccessRate", ratio(w.getSuccesses(), w.getCount(), 1.0));
    figures.put("totalCost", w.getCostUsd());
    figures.put("unknownCostCalls", w.getUnknownCostCount());
    figures.put("averageLatency", ratio(w.getLatencySumMs(), w.getCount(), 0.0));
    figures.put("p50Latency", latency.quantile(0.50));
    figures.put("p95Latency", latency.quantile(0.95));
    figures.put("p99Latency", latency.quantile(0.99));
    figures.put("maxLatency", w.getLatencyMaxMs());
    figures.put("inputTokens", w.getInputTokens());
    figures.put("outputTokens", w.getOutputTokens());
    figures.put("cacheHitRate", ratio(w.getCacheHits(), w.getQueries(), 0.0));
    figures.put("failuresByType", new TreeMap<>(w.getFailuresByType()));
    return figures;
  }

  static double ratio(long part, long whole, double whenEmpty) {
    return whole == 0 ? whenEmpty : (double) part / whole;
  }
}

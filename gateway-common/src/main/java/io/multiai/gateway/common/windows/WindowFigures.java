package io.multiai.gateway.common.windows;

import io.multiai.gateway.schemas.MetricWindow;

/**
 * The figures derived from one {@link MetricWindow} (see {@link WindowSums} for what each sum counts),
 * written once for the analytics API, {@code /api/ai/metrics} and the alert rules.
 *
 * <p>Rates are in [0, 1] and are 1.0 over no samples (nothing failed); latencies are milliseconds and 0
 * over no calls; costs are USD and null when there is nothing priced to divide by.
 */
public final class WindowFigures {

  private WindowFigures() {}

  /** Requests answered / requests, cache hits included (a hit is an answered query). */
  public static double successRate(MetricWindow w) {
    return ratio(w.getQuerySuccesses(), w.getQueries(), 1.0);
  }

  /** Requests that went to a provider: every query but the cache hits. */
  public static long providerQueries(MetricWindow w) {
    return w.getQueries() - w.getCacheHits();
  }

  /**
   * Requests answered / requests, over the requests that went to a provider: what the providers' health
   * shows, unmoved by cache hits (a burst of hits must not hide an outage from an alert).
   */
  public static double providerSuccessRate(MetricWindow w) {
    return ratio(w.getQuerySuccesses() - w.getCacheHits(), providerQueries(w), 1.0);
  }

  /** Successful provider calls / provider calls (fallbacks and retries each count). */
  public static double callSuccessRate(MetricWindow w) {
    return ratio(w.getSuccesses(), w.getCount(), 1.0);
  }

  /** Mean provider call latency, ms. */
  public static double averageLatencyMs(MetricWindow w) {
    return ratio(w.getLatencySumMs(), w.getCount(), 0.0);
  }

  /** A quantile (0..1) of provider call latency, ms, from the window's sketch (0.5 % relative accuracy). */
  public static double latencyQuantileMs(MetricWindow w, double quantile) {
    return QuantileSketch.of(w.getLatency()).quantile(quantile);
  }

  /** Cache hits / queries, 0.0 over no queries. */
  public static double cacheHitRate(MetricWindow w) {
    return ratio(w.getCacheHits(), w.getQueries(), 0.0);
  }

  /** Known cost / priced provider calls; null when no call was priced (unpriced calls would pass for free ones). */
  public static Double costPerCall(MetricWindow w) {
    long priced = w.getCount() - w.getUnknownCostCount();
    return priced == 0 ? null : w.getCostUsd() / priced;
  }

  /** Known cost per 1,000 tokens; null without tokens or when any call was unpriced. */
  public static Double costPer1kTokens(MetricWindow w) {
    long tokens = w.getInputTokens() + w.getOutputTokens();
    return tokens == 0 || w.getUnknownCostCount() > 0 ? null : w.getCostUsd() * 1000 / tokens;
  }

  private static double ratio(long part, long whole, double whenEmpty) {
    return whole == 0 ? whenEmpty : (double) part / whole;
  }
}

package io.multiai.gateway.aggregator.alerts;

import java.util.Locale;

import io.multiai.gateway.common.windows.WindowFigures;
import io.multiai.gateway.schemas.MetricWindow;

/**
 * What a rule measures over its window, and how many events the measure rests on. Every measure is of
 * provider traffic: cache hits answer queries but say nothing about a provider's health, latency or
 * spend, so a burst of them can neither hide an outage nor a slow provider.
 */
public enum AlertMetric {

  /** Requests answered / requests that went to a provider (one that failed over and was answered succeeded). */
  SUCCESS_RATE {
    @Override
    double value(MetricWindow w) {
      return WindowFigures.providerSuccessRate(w);
    }

    @Override
    long samples(MetricWindow w) {
      return WindowFigures.providerQueries(w);
    }
  },
  /** Successful provider calls / provider calls. */
  CALL_SUCCESS_RATE {
    @Override
    double value(MetricWindow w) {
      return WindowFigures.callSuccessRate(w);
    }
  },
  AVERAGE_LATENCY_MS {
    @Override
    double value(MetricWindow w) {
      return WindowFigures.averageLatencyMs(w);
    }
  },
  P95_LATENCY_MS {
    @Override
    double value(MetricWindow w) {
      return WindowFigures.latencyQuantileMs(w, 0.95);
    }
  },
  /** Known costs of every call, in USD. */
  COST_USD {
    @Override
    double value(MetricWindow w) {
      return w.getCostUsd();
    }
  };

  abstract double value(MetricWindow window);

  /** Provider calls unless said otherwise. */
  long samples(MetricWindow window) {
    return window.getCount();
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}

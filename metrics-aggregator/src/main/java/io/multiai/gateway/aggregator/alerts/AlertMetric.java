package io.multiai.gateway.aggregator.alerts;

import java.util.Locale;

import io.multiai.gateway.common.metrics.QuantileSketch;
import io.multiai.gateway.schemas.MetricWindow;

/** What a rule measures over its window, and how many events the measure rests on. */
public enum AlertMetric {

  /** Requests answered / requests (a request that failed over to another model and was answered succeeded). */
  SUCCESS_RATE {
    @Override
    double value(MetricWindow w) {
      return w.getQueries() == 0 ? 1.0 : (double) w.getQuerySuccesses() / w.getQueries();
    }

    @Override
    long samples(MetricWindow w) {
      return w.getQueries();
    }
  },
  /** Successful provider calls / provider calls. */
  CALL_SUCCESS_RATE {
    @Override
    double value(MetricWindow w) {
      return w.getCount() == 0 ? 1.0 : (double) w.getSuccesses() / w.getCount();
    }
  },
  AVERAGE_LATENCY_MS {
    @Override
    double value(MetricWindow w) {
      return w.getCount() == 0 ? 0.0 : (double) w.getLatencySumMs() / w.getCount();
    }
  },
  P95_LATENCY_MS {
    @Override
    double value(MetricWindow w) {
      return QuantileSketch.of(w.getLatency()).quantile(0.95);
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

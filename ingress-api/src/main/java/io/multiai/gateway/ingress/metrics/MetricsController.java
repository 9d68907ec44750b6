package io.multiai.gateway.ingress.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.multiai.gateway.common.kafka.CompactedTopicView;
import io.multiai.gateway.schemas.MetricWindow;

/** GET /api/ai/metrics from the aggregator's totals, and GET /metrics in Prometheus' text format. */
@RestController
class MetricsController {

  private static final String ALL_MODELS = "*";

  private final CompactedTopicView<MetricWindow> windows;
  private final PrometheusMeterRegistry prometheus;

  MetricsController(CompactedTopicView<MetricWindow> windows, PrometheusMeterRegistry prometheus) {
    this.windows = windows;
    this.prometheus = prometheus;
  }

  @GetMapping("/api/ai/metrics")
  Map<String, Object> metrics() {
    Map<String, MetricWindow> totals = totals();
    Map<String, Object> body = new LinkedHashMap<>(summary(totals.get(ALL_MODELS)));
    Map<String, Object> byModel = new LinkedHashMap<>();
    totals.forEach((model, window) -> {
      if (!ALL_MODELS.equals(model)) {
        byModel.put(model, summary(window));
      }
    });
    body.put("byModel", byModel);
    return body;
  }

  @GetMapping(path = "/metrics", produces = "text/plain;version=0.0.4;charset=utf-8")
  String prometheus() {
    return prometheus.scrape();
  }

  /** Running totals (window size 0) by model; {@code *} is all models together. */
  private Map<String, MetricWindow> totals() {
    Map<String, MetricWindow> totals = new TreeMap<>();
    windows.snapshot().values().stream().filter(w -> w.getWindowSizeMs() == 0).forEach(w -> totals.put(w.getModel(), w));
    return totals;
  }

  private static Map<String, Object> summary(MetricWindow window) {
    Map<String, Object> summary = new LinkedHashMap<>();
    long count = window == null ? 0 : window.getCount();
    summary.put("totalQueries", count);
    summary.put("successRate", count == 0 ? 1.0 : (double) window.getSuccesses() / count);
    summary.put("averageLatency", count == 0 ? 0.0 : (double) window.getLatencySumMs() / count);
    summary.put("totalCost", window == null ? 0.0 : window.getCostUsd());
    summary.put("inputTokens", window == null ? 0 : window.getInputTokens());
    summary.put("outputTokens", window == null ? 0 : window.getOutputTokens());
    return summary;
  }
}

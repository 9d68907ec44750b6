package io.multiai.gateway.ingress.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.multiai.gateway.ingress.analytics.Figures;
import io.multiai.gateway.ingress.analytics.TimeRange;
import io.multiai.gateway.ingress.analytics.WindowReadModel;
import io.multiai.gateway.schemas.MetricWindow;

/** GET /api/ai/metrics from the aggregator's totals, and GET /metrics in Prometheus' text format. */
@RestController
class MetricsController {

  private final WindowReadModel windows;
  private final PrometheusMeterRegistry prometheus;
  private final java.time.Clock clock;

  MetricsController(WindowReadModel windows, PrometheusMeterRegistry prometheus, java.time.Clock clock) {
    this.windows = windows;
    this.prometheus = prometheus;
    this.clock = clock;
  }

  /** Totals since the first event: {@code totalQueries} counts requests, {@code totalCalls} provider calls. */
  @GetMapping("/api/ai/metrics")
  Map<String, Object> metrics() {
    Map<String, MetricWindow> models = new LinkedHashMap<>(
        windows.sums(TimeRange.parse("all", null, null, clock)).getOrDefault("model", Map.of()));
    Map<String, Object> body = new LinkedHashMap<>(Figures.of(models.remove(WindowReadModel.ALL_MODELS)));
    Map<String, Object> byModel = new LinkedHashMap<>();
    models.forEach((model, window) -> byModel.put(model, Figures.of(window)));
    body.put("byModel", byModel);
    return body;
  }

  @GetMapping(path = "/metrics", produces = "text/plain;version=0.0.4;charset=utf-8")
  String prometheus() {
    return prometheus.scrape();
  }
}

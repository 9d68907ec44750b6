package io.multiai.gateway.ingress.analytics;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.multiai.gateway.common.catalog.ModelCatalog;
import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.common.windows.WindowFigures;
import io.multiai.gateway.common.windows.WindowSums;
import io.multiai.gateway.ingress.settings.IngressProperties;
import io.multiai.gateway.schemas.MetricWindow;

/**
 * GET /api/ai/analytics/summary and /model-comparison over a time range ({@code range=24h}, or
 * {@code from}/{@code to}; everything by default), from the aggregator's windows. The shapes are
 * described in the OpenAPI document (openapi/gateway.yaml, served at /v3/api-docs).
 */
@RestController
class AnalyticsController {

  private static final long DAY_MS = 86_400_000;

  private final WindowReadModel windows;
  private final Clock clock;
  private final ModelCatalog catalog;
  private final double dailyBudget;

  AnalyticsController(WindowReadModel windows, Clock clock, ModelCatalog catalog, IngressProperties properties) {
    this.windows = windows;
    this.clock = clock;
    this.catalog = catalog;
    this.dailyBudget = properties.dailyBudget();
  }

  @GetMapping("/api/ai/analytics/summary")
  Map<String, Object> summary(@RequestParam(required = false) String range, @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    TimeRange span = TimeRange.parse(range, from, to, clock);
    Map<String, Map<String, MetricWindow>> sums = windows.sums(span);
    Map<String, MetricWindow> models = new LinkedHashMap<>(sums.getOrDefault("model", Map.of()));
    MetricWindow all = models.remove(WindowReadModel.ALL_MODELS);

    Map<String, Object> body = new LinkedHashMap<>();
    body.put("range", range(span));
    body.put("overview", Figures.of(all));
    body.put("byModel", figuresOf(models));
    body.put("byProvider", figuresOf(byProvider(models)));
    body.put("byComplexity", figuresOf(sums.getOrDefault("complexity", Map.of())));
    body.put("byCostPriority", figuresOf(sums.getOrDefault("costPriority", Map.of())));
    List<Map<String, Object>> timeline = new ArrayList<>();
    for (MetricWindow window : windows.timeline(span)) {
      Map<String, Object> point = new LinkedHashMap<>();
      point.put("start", Instant.ofEpochMilli(window.getWindowStartMs()).toString());
      point.put("end", Instant.ofEpochMilli(window.getWindowEndMs()).toString());
      point.put("queries", window.getQueries());
      point.put("successRate", WindowFigures.successRate(window));
      point.put("totalCost", window.getCostUsd());
      point.put("averageLatency", WindowFigures.averageLatencyMs(window));
      point.put("p50Latency", WindowFigures.latencyQuantileMs(window, 0.50));
      point.put("p95Latency", WindowFigures.latencyQuantileMs(window, 0.95));
      point.put("cacheHits", window.getCacheHits());
      timeline.add(point);
    }
    body.put("timeline", timeline);
    body.put("budget", budget());
    return body;
  }

  /**
   * Model groups summed per provider, the provider taken from the model catalog (or the model id's
   * prefix for a pinned model outside it); models of no known provider are {@code other}. The
   * aggregator keeps no provider dimension: every provider is a sum of its models, so none is needed.
   */
  private Map<String, MetricWindow> byProvider(Map<String, MetricWindow> models) {
    Map<String, MetricWindow> providers = new TreeMap<>();
    models.forEach((model, window) -> providers.merge(
        catalog.providerOf(model).map(ProviderId::wireName).orElse("other"), window, WindowSums::merge));
    return providers;
  }

  /**
   * Today's (UTC) known cost against the daily budget, whatever the requested range: the figure the
   * {@code daily_cost_over_budget} rule compares, from the aggregator's day window.
   */
  private Map<String, Object> budget() {
    Instant dayStart = clock.instant().truncatedTo(ChronoUnit.DAYS);
    double cost = windows.allModels(DAY_MS, dayStart.toEpochMilli()).map(MetricWindow::getCostUsd).orElse(0.0);
    Map<String, Object> budget = new LinkedHashMap<>();
    budget.put("day", dayStart.toString().substring(0, 10));
    budget.put("costToday", cost);
    budget.put("dailyBudget", dailyBudget);
    budget.put("usedShare", dailyBudget > 0 ? cost / dailyBudget : null);
    return budget;
  }

  /**
   * Per model, its provider calls: a model's "queries" are the queries sent to it, fallbacks included,
   * so a model that fails and is fallen back from shows its failures and its latency. Cache hits of
   * the model's answers are not calls: they are listed as {@code cacheHits} and leave the cost per
   * query (per priced call) alone.
   */
  @GetMapping("/api/ai/analytics/model-comparison")
  Map<String, Object> modelComparison(@RequestParam(required = false) String range,
      @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
    TimeRange span = TimeRange.parse(range, from, to, clock);
    List<Map<String, Object>> models = new ArrayList<>();
    windows.sums(span).getOrDefault("model", Map.of()).forEach((model, w) -> {
      if (WindowReadModel.ALL_MODELS.equals(model)) {
        return;
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("model", model);
      row.put("queries", w.getCount());
      row.put("successRate", WindowFigures.callSuccessRate(w));
      row.put("averageLatency", WindowFigures.averageLatencyMs(w));
      row.put("p95Latency", WindowFigures.latencyQuantileMs(w, 0.95));
      row.put("totalCost", w.getCostUsd());
      row.put("costPerQuery", WindowFigures.costPerCall(w));
      row.put("costPer1kTokens", WindowFigures.costPer1kTokens(w));
      row.put("cacheHits", w.getCacheHits());
      row.put("failuresByType", w.getFailuresByType());
      models.add(row);
    });
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("range", range(span));
    body.put("models", models);
    return body;
  }

  private static Map<String, Object> figuresOf(Map<String, MetricWindow> groups) {
    Map<String, Object> out = new LinkedHashMap<>();
    groups.forEach((group, window) -> out.put(group, Figures.of(window)));
    return out;
  }

  private static Map<String, Object> range(TimeRange span) {
    Map<String, Object> range = new LinkedHashMap<>();
    range.put("label", span.label());
    range.put("from", span.all() ? null : span.from().toString());
    range.put("to", span.to().toString());
    range.put("granularity", span.granularityMs() == 60_000 ? "1m" : span.granularityMs() == 3_600_000 ? "1h" : "1d");
    return range;
  }
}

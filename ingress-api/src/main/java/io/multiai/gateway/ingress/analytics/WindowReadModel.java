package io.multiai.gateway.ingress.analytics;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.multiai.gateway.common.kafka.CompactedTopicView;
import io.multiai.gateway.common.windows.WindowSums;
import io.multiai.gateway.schemas.MetricWindow;

/**
 * The aggregator's windows as this instance last read them from the compacted ai.metrics.windows:
 * rebuilt from the topic at start, the same in every ingress instance, and whole whichever aggregator
 * instance computed which group.
 */
public final class WindowReadModel {

  public static final String ALL_MODELS = "*";

  private final CompactedTopicView<MetricWindow> view;

  public WindowReadModel(CompactedTopicView<MetricWindow> view) {
    this.view = view;
  }

  /** Per dimension ("model", "complexity", "costPriority"), per group value, the sums over the range. */
  public Map<String, Map<String, MetricWindow>> sums(TimeRange range) {
    Map<String, Map<String, MetricWindow>> sums = new TreeMap<>();
    for (MetricWindow window : inRange(range, view.snapshot().values())) {
      sums.computeIfAbsent(window.getDimension(), d -> new TreeMap<>())
          .merge(window.getModel(), window, WindowSums::merge);
    }
    return sums;
  }

  /** The all-models windows of the range's granularity that overlap it, oldest first. */
  public List<MetricWindow> timeline(TimeRange range) {
    return view.snapshot().values().stream()
        .filter(w -> "model".equals(w.getDimension()) && ALL_MODELS.equals(w.getModel()))
        .filter(w -> w.getWindowSizeMs() == range.granularityMs() && range.covers(w.getWindowStartMs()))
        .sorted(java.util.Comparator.comparingLong(MetricWindow::getWindowStartMs))
        .toList();
  }

  /** The all-models window of one size starting then (e.g. today's UTC day), if any event fell in it. */
  public java.util.Optional<MetricWindow> allModels(long sizeMs, long startMs) {
    return view.snapshot().values().stream()
        .filter(w -> "model".equals(w.getDimension()) && ALL_MODELS.equals(w.getModel()))
        .filter(w -> w.getWindowSizeMs() == sizeMs && w.getWindowStartMs() == startMs)
        .findFirst();
  }

  private static List<MetricWindow> inRange(TimeRange range, Collection<MetricWindow> windows) {
    if (range.all()) {
      return windows.stream().filter(w -> w.getWindowSizeMs() == 0).toList();
    }
    return windows.stream()
        .filter(w -> w.getWindowSizeMs() == range.granularityMs() && range.covers(w.getWindowStartMs()))
        .toList();
  }
}

package io.multiai.gateway.aggregator.windows;

import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.MetricWindow;

/** Folds metric events into a {@link MetricWindow}; the window bounds are stamped on at publication. */
final class MetricAccumulation {

  private MetricAccumulation() {}

  static MetricWindow empty() {
    return MetricWindow.newBuilder()
        .setModel("")
        .setWindowSizeMs(0).setWindowStartMs(0).setWindowEndMs(0)
        .setCount(0).setSuccesses(0)
        .setCostUsd(0.0).setUnknownCostCount(0)
        .setInputTokens(0).setOutputTokens(0)
        .setLatencySumMs(0).setLatencyMaxMs(0)
        .build();
  }

  static MetricWindow add(String model, MetricEvent event, MetricWindow sum) {
    Double cost = event.getCostUsd();
    return MetricWindow.newBuilder(sum)
        .setModel(model)
        .setCount(sum.getCount() + 1)
        .setSuccesses(sum.getSuccesses() + (event.getSuccess() ? 1 : 0))
        // An unknown cost is not a zero cost: it is left out of the sum and counted, so a reader can
        // tell "free" from "not priced" and say how much of the total it covers.
        .setCostUsd(cost == null ? sum.getCostUsd() : sum.getCostUsd() + cost)
        .setUnknownCostCount(sum.getUnknownCostCount() + (cost == null ? 1 : 0))
        .setInputTokens(sum.getInputTokens() + event.getInputTokens())
        .setOutputTokens(sum.getOutputTokens() + event.getOutputTokens())
        .setLatencySumMs(sum.getLatencySumMs() + event.getLatencyMs())
        .setLatencyMaxMs(Math.max(sum.getLatencyMaxMs(), event.getLatencyMs()))
        .build();
  }

  static MetricWindow bounded(MetricWindow sum, long windowSizeMs, long windowStartMs, long windowEndMs) {
    return MetricWindow.newBuilder(sum)
        .setWindowSizeMs(windowSizeMs)
        .setWindowStartMs(windowStartMs)
        .setWindowEndMs(windowEndMs)
        .build();
  }
}

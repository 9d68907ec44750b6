package io.multiai.gateway.aggregator.meters;

import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.multiai.gateway.aggregator.windows.LateEvents;
import io.multiai.gateway.aggregator.windows.WindowSize;
import io.multiai.gateway.schemas.MetricEvent;

/**
 * Prometheus meters of the provider calls the aggregator sees: latency by model, tokens, cost, cache
 * hits (counted apart: a hit is not a provider call), and the events too late for a window. Here rather than in the workers because every call of every
 * worker passes through this one stream.
 *
 * <p>Labels are bounded: a model outside the catalog (a client may pin any model id of a known
 * provider) is labelled {@code other}, and the error type and provider come from the workers' own
 * vocabularies.
 */
public final class CallMeters implements Consumer<MetricEvent>, LateEvents {

  private final MeterRegistry meters;
  private final Set<String> knownModels;

  public CallMeters(MeterRegistry meters, Set<String> knownModels) {
    this.meters = meters;
    this.knownModels = Set.copyOf(knownModels);
  }

  @Override
  public void accept(MetricEvent event) {
    String model = knownModels.contains(event.getModel()) ? event.getModel() : "other";
    if (event.getCacheHit()) {
      // Not a provider call: a hit in the call latency histogram would drag its percentiles towards 0.
      Counter.builder("gateway.cache.hits").description("queries answered from a response cache, by the model whose answer was served")
          .tag("model", model).register(meters).increment();
      return;
    }
    String outcome = event.getSuccess() ? "success" : "failure";
    Timer.builder("gateway.provider.call.latency")
        .description("provider call latency as the workers measured it")
        .tags("model", model, "outcome", outcome)
        .publishPercentileHistogram()
        .register(meters)
        .record(Duration.ofMillis(event.getLatencyMs()));
    DistributionSummary.builder("gateway.provider.tokens").baseUnit("tokens").tags("model", model, "direction", "input")
        .register(meters).record(event.getInputTokens());
    DistributionSummary.builder("gateway.provider.tokens").baseUnit("tokens").tags("model", model, "direction", "output")
        .register(meters).record(event.getOutputTokens());
    if (event.getCostUsd() != null) {
      Counter.builder("gateway.provider.cost").baseUnit("usd").description("known cost of provider calls")
          .tag("model", model).register(meters).increment(event.getCostUsd());
    }
  }

  @Override
  public void tooLateFor(WindowSize window) {
    Counter.builder("gateway.aggregator.late.events")
        .description("events that arrived after their window closed (window end + grace): left out of that window, kept in the totals")
        .tag("window", window.label()).register(meters).increment();
  }
}

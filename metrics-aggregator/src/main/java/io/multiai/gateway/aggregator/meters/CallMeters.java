package io.multiai.gateway.aggregator.meters;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

  /** The meters of one model label, looked up once: registering per event cost a tenth of the aggregator's thread. */
  private record ModelMeters(Counter cacheHits, Timer successLatency, Timer failureLatency, DistributionSummary inputTokens,
      DistributionSummary outputTokens, Counter cost) {}

  private final Map<String, ModelMeters> byModel = new ConcurrentHashMap<>();
  private final Map<WindowSize, Counter> late = new ConcurrentHashMap<>();

  @Override
  public void accept(MetricEvent event) {
    ModelMeters model = byModel.computeIfAbsent(knownModels.contains(event.getModel()) ? event.getModel() : "other", this::metersOf);
    if (event.getCacheHit()) {
      // Not a provider call: a hit in the call latency histogram would drag its percentiles towards 0.
      model.cacheHits().increment();
      return;
    }
    (event.getSuccess() ? model.successLatency() : model.failureLatency()).record(Duration.ofMillis(event.getLatencyMs()));
    model.inputTokens().record(event.getInputTokens());
    model.outputTokens().record(event.getOutputTokens());
    if (event.getCostUsd() != null) {
      model.cost().increment(event.getCostUsd());
    }
  }

  private ModelMeters metersOf(String model) {
    return new ModelMeters(
        Counter.builder("gateway.cache.hits").description("queries answered from a response cache, by the model whose answer was served")
            .tag("model", model).register(meters),
        latency(model, "success"),
        latency(model, "failure"),
        DistributionSummary.builder("gateway.provider.tokens").baseUnit("tokens").tags("model", model, "direction", "input")
            .register(meters),
        DistributionSummary.builder("gateway.provider.tokens").baseUnit("tokens").tags("model", model, "direction", "output")
            .register(meters),
        Counter.builder("gateway.provider.cost").baseUnit("usd").description("known cost of provider calls")
            .tag("model", model).register(meters));
  }

  private Timer latency(String model, String outcome) {
    return Timer.builder("gateway.provider.call.latency")
        .description("provider call latency as the workers measured it")
        .tags("model", model, "outcome", outcome)
        .publishPercentileHistogram()
        .register(meters);
  }

  @Override
  public void tooLateFor(WindowSize window) {
    tooLateFor(window, 1);
  }

  @Override
  public void tooLateFor(WindowSize window, long events) {
    late.computeIfAbsent(window, size -> Counter.builder("gateway.aggregator.late.events")
        .description("events that arrived after their window closed (window end + grace): left out of that window, kept in the totals")
        .tag("window", size.label()).register(meters)).increment(events);
  }
}

package io.multiai.gateway.common.catalog;

import java.util.Map;

/**
 * The simulated provider's behaviour: a latency drawn uniformly from mean ± jitter (per model when
 * configured), deterministic for a given seed and request.
 */
public record SimulationSettings(long seed, long latencyMeanMs, long latencyJitterMs, Map<String, Latency> models) {

  public record Latency(long meanMs, long jitterMs) {}

  public SimulationSettings {
    models = models == null ? Map.of() : Map.copyOf(models);
  }

  public Latency latencyFor(String model) {
    return models.getOrDefault(model, new Latency(latencyMeanMs, latencyJitterMs));
  }
}

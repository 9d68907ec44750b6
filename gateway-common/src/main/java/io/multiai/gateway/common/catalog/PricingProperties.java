package io.multiai.gateway.common.catalog;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * Prices per model id; defaults (dated) in {@code gateway-defaults.yml}.
 *
 * @param version names the price list (e.g. its date); recorded on every MetricEvent as
 *     {@code pricesVersion}, so a cost can be traced to the prices it was computed with
 * @param models USD per million tokens by model id
 * @param unpriced what a call of a model without a price costs: unknown (null, left out of sums and
 *     counted as such) unless a fallback price is set, which is then used and the cost marked estimated
 * @param file an optional JSON price list ({@code {"version": "...", "models": {"<id>": {"input": ..,
 *     "output": .., "cachedInput": .., "cacheWrite5m": .., "cacheWrite1h": .., "longContext": {...}}}}})
 *     that replaces {@code version} and {@code models} and is re-read when it changes, without a restart
 */
@ConfigurationProperties("gateway.pricing")
public record PricingProperties(String version, Map<String, ModelPrice> models, Unpriced unpriced, String file) {

  /** The constructor configuration binds (the other is a shorthand for tests and tools). */
  @ConstructorBinding
  public PricingProperties {
    models = models == null ? Map.of() : Map.copyOf(models);
    unpriced = unpriced == null ? Unpriced.UNKNOWN : unpriced;
    version = version == null ? "unversioned" : version;
  }

  public PricingProperties(Map<String, ModelPrice> models) {
    this(null, models, null, null);
  }

  /** @param fallback the price of any model without one, or null to leave its cost unknown */
  public record Unpriced(ModelPrice fallback) {
    public static final Unpriced UNKNOWN = new Unpriced(null);
  }
}

package io.multiai.gateway.common.catalog;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Price per model id; defaults (dated) in {@code gateway-defaults.yml}. */
@ConfigurationProperties("gateway.pricing")
public record PricingProperties(Map<String, ModelPrice> models) {

  public PricingProperties {
    models = models == null ? Map.of() : Map.copyOf(models);
  }
}

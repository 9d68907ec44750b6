package io.multiai.gateway.common.catalog;

import java.util.Optional;

/**
 * Turns reported usage into USD. A model without a price has an unknown cost: never 0, so a missing
 * price can not hide spend from budgets and alerts.
 */
public final class CostCalculator {

  private static final double PER_TOKEN = 1.0 / 1_000_000;

  private final PricingProperties pricing;

  public CostCalculator(PricingProperties pricing) {
    this.pricing = pricing;
  }

  public Optional<Double> cost(String model, Usage usage) {
    ModelPrice price = pricing.models().get(model);
    if (price == null) {
      return Optional.empty();
    }
    long cached = Math.min(usage.cachedInputTokens(), usage.inputTokens());
    long uncached = usage.inputTokens() - cached;
    double usd = (uncached * price.input() + cached * price.cachedInputOrInput() + usage.outputTokens() * price.output())
        * PER_TOKEN;
    return Optional.of(usd);
  }

  public boolean knows(String model) {
    return pricing.models().containsKey(model);
  }
}

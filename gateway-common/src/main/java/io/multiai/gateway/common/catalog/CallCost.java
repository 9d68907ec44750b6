package io.multiai.gateway.common.catalog;

/**
 * What one provider call cost: the one rule every worker applies to every call, answered or failed.
 *
 * <ul>
 *   <li>the provider reported usage (an answer, or a failure that still came with usage: an empty or
 *       truncated answer, a refusal, a blocked candidate) → those tokens, priced per token class;</li>
 *   <li>it reported none (an error status, a timeout, a call refused by an open circuit) → 0 tokens and
 *       $0: nothing was billed;</li>
 *   <li>usage for a model without a price → the configured fallback price, marked {@code estimated},
 *       or, without one, an unknown cost ({@code null}), never 0, so a missing price can not hide spend
 *       from budgets and alerts.</li>
 * </ul>
 *
 * @param usage the billed tokens; zero when the provider reported none
 * @param costUsd USD, or null when the model has no price and no fallback is configured
 * @param estimated the cost is the fallback price of an unpriced model
 */
public record CallCost(Usage usage, Double costUsd, boolean estimated) {

  public static final CallCost NOTHING_BILLED = new CallCost(Usage.of(0, 0), 0.0, false);

  public CallCost(Usage usage, Double costUsd) {
    this(usage, costUsd, false);
  }

  /** @param reported the usage the provider reported for the call, or null when it reported none */
  public static CallCost of(CostCalculator costs, String model, Usage reported) {
    if (reported == null) {
      return NOTHING_BILLED;
    }
    return costs.price(model, reported)
        .map(price -> new CallCost(reported, price.usd(), price.estimated()))
        .orElseGet(() -> new CallCost(reported, null, false));
  }

  /**
   * The sum of several calls' costs (a request's fallback chain, an ensemble's members): unknown when any
   * of them is unknown, since a partial sum would understate the spend.
   */
  public static Double total(Iterable<CallCost> calls) {
    double sum = 0;
    for (CallCost call : calls) {
      if (call.costUsd() == null) {
        return null;
      }
      sum += call.costUsd();
    }
    return sum;
  }

  /** Whether any of the calls was priced at the fallback price. */
  public static boolean anyEstimated(Iterable<CallCost> calls) {
    for (CallCost call : calls) {
      if (call.estimated()) {
        return true;
      }
    }
    return false;
  }
}

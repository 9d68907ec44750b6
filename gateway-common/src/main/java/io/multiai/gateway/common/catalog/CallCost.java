package io.multiai.gateway.common.catalog;

/**
 * What one provider call cost: the one rule every worker applies to every call, answered or failed.
 *
 * <ul>
 *   <li>the provider reported usage (an answer, or a failure that still came with usage: an empty or
 *       truncated answer, a refusal, a blocked candidate) → those tokens, priced;</li>
 *   <li>it reported none (an error status, a timeout, a call refused by an open circuit) → 0 tokens and
 *       $0: nothing was billed;</li>
 *   <li>usage for a model without a price → the tokens and an unknown cost ({@code null}), never 0, so a
 *       missing price can not hide spend from budgets and alerts.</li>
 * </ul>
 *
 * @param usage the billed tokens; zero when the provider reported none
 * @param costUsd USD, or null when the model has no price
 */
public record CallCost(Usage usage, Double costUsd) {

  public static final CallCost NOTHING_BILLED = new CallCost(Usage.of(0, 0), 0.0);

  /** @param reported the usage the provider reported for the call, or null when it reported none */
  public static CallCost of(CostCalculator costs, String model, Usage reported) {
    if (reported == null) {
      return NOTHING_BILLED;
    }
    return new CallCost(reported, costs.cost(model, reported).orElse(null));
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
}

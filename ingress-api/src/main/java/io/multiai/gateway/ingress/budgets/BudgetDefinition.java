package io.multiai.gateway.ingress.budgets;

/**
 * One budget: a limit in USD per calendar period, and what happens to a request that does not fit.
 *
 * @param limitUsd USD per period, positive
 * @param source where it comes from: {@code config} (application.yml / environment), {@code key} (the client key's
 *     entry) or {@code admin} (set at runtime through {@code /api/ai/admin/budgets}, which wins over the others)
 */
public record BudgetDefinition(BudgetId id, BudgetPeriod period, double limitUsd, BudgetAction action, String source) {

  public BudgetDefinition {
    if (!(limitUsd > 0) || Double.isInfinite(limitUsd) || limitUsd > 1e6) {
      throw new IllegalArgumentException("limitUsd must be a positive number of USD (at most 1,000,000)");
    }
    if (period == null || action == null) {
      throw new IllegalArgumentException("a budget needs a period and an action");
    }
  }

  /** The limit in nano-USD, the ledger's unit (integers, so sums across replicas are exact). */
  public long limitNanos() {
    return Nanos.floor(limitUsd);
  }
}

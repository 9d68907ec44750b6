package io.multiai.gateway.ingress.budgets;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A request refused by a budget: answered HTTP 402 ({@code application/problem+json} of type
 * {@code urn:multi-ai-gateway:problem:budget-exceeded}, or OpenAI's error object with code {@code budget_exceeded}
 * on {@code /v1}) naming the budget, its period and when it resets, with {@code Retry-After} in seconds until then.
 */
public final class BudgetExceededException extends RuntimeException {

  private final BudgetDefinition budget;
  private final Instant resetsAt;
  private final long retryAfterSeconds;
  private final BudgetLedger.Usage usage;
  private final double requiredUsd;
  private final String unpricedModel;

  private BudgetExceededException(String message, BudgetDefinition budget, Instant now, BudgetLedger.Usage usage, double requiredUsd,
      String unpricedModel) {
    super(message, null, false, false);
    this.budget = budget;
    this.resetsAt = budget.period().end(now);
    this.retryAfterSeconds = Math.max(1, (Duration.between(now, resetsAt).toMillis() + 999) / 1000);
    this.usage = usage;
    this.requiredUsd = requiredUsd;
    this.unpricedModel = unpricedModel;
  }

  static BudgetExceededException of(BudgetDefinition budget, Instant now, BudgetLedger.Usage usage, long requiredNanos) {
    String message = String.format(Locale.ROOT,
        "the %s budget %s of $%s has no room for this request: $%.6f spent and $%.6f reserved by requests in flight "
            + "leave $%.6f, and this request may cost up to $%.6f; it resets at %s",
        budget.period().wireName(), budget.id().name(), plain(budget.limitUsd()), Nanos.usd(usage.spentNanos()),
        Nanos.usd(usage.reservedNanos()),
        Math.max(0, budget.limitUsd() - Nanos.usd(usage.spentNanos()) - Nanos.usd(usage.reservedNanos())),
        Nanos.usd(requiredNanos), budget.period().end(now));
    return new BudgetExceededException(message, budget, now, usage, Nanos.usd(requiredNanos), null);
  }

  static BudgetExceededException unpriced(BudgetDefinition budget, Instant now, String model) {
    String message = "model " + model + " has no price, so its cost can not be reserved in the " + budget.period().wireName()
        + " budget " + budget.id().name() + " (action deny); configure a price or a fallback price for unpriced models";
    return new BudgetExceededException(message, budget, now, BudgetLedger.Usage.NONE, 0, model);
  }

  private static String plain(double usd) {
    return java.math.BigDecimal.valueOf(usd).stripTrailingZeros().toPlainString();
  }

  public BudgetDefinition budget() {
    return budget;
  }

  /** When the budget's period ends, UTC. */
  public Instant resetsAt() {
    return resetsAt;
  }

  /** Seconds until the reset, at least 1. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** The budget's counts when it refused. */
  public BudgetLedger.Usage usage() {
    return usage;
  }

  /** USD the request needed to reserve (its worst case); 0 for an unpriced model. */
  public double requiredUsd() {
    return requiredUsd;
  }

  /** The model without a price that caused the refusal, or null. */
  public String unpricedModel() {
    return unpricedModel;
  }
}

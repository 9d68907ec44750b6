package io.multiai.gateway.ingress.budgets;

import java.util.Locale;

/**
 * What a budget does with a request that does not fit: {@code deny} answers 402; {@code downgrade} prices the
 * request again at the cheapest capable model and routes it there, answering 402 only when even that does
 * not fit.
 */
public enum BudgetAction {
  DENY,
  DOWNGRADE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException for anything but deny or downgrade (any case) */
  public static BudgetAction parse(String value) {
    if (value != null) {
      for (BudgetAction action : values()) {
        if (action.wireName().equalsIgnoreCase(value.strip())) {
          return action;
        }
      }
    }
    throw new IllegalArgumentException("action must be deny or downgrade");
  }
}

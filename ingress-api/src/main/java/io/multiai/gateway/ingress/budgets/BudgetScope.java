package io.multiai.gateway.ingress.budgets;

import java.util.Locale;

/** Whose spend a budget counts: the whole gateway, one client (its key's client id), or one user (hashed id). */
public enum BudgetScope {
  GATEWAY,
  CLIENT,
  USER;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException for anything but gateway, client or user (any case) */
  public static BudgetScope parse(String value) {
    if (value != null) {
      for (BudgetScope scope : values()) {
        if (scope.wireName().equalsIgnoreCase(value.strip())) {
          return scope;
        }
      }
    }
    throw new IllegalArgumentException("scope must be gateway, client or user");
  }
}

package io.multiai.gateway.ingress.budgets.internal;

import java.time.Clock;

import io.multiai.gateway.ingress.budgets.BudgetLedger;

/** The in-memory ledger for tests of other packages (it is internal to the budgets feature). */
public final class LedgerForTests {

  private LedgerForTests() {}

  public static BudgetLedger inMemory(Clock clock) {
    return new InMemoryBudgetLedger(clock);
  }
}

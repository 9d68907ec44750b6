package io.multiai.gateway.ingress.budgets.internal;

import java.time.Clock;

import io.multiai.gateway.ingress.budgets.BudgetLedger;

/** The ledger contract, in memory (one instance: another "replica" is the same ledger). */
class InMemoryBudgetLedgerTest extends BudgetLedgerContract {

  private final InMemoryBudgetLedger ledger = new InMemoryBudgetLedger(Clock.systemUTC());

  @Override
  BudgetLedger ledger() {
    return ledger;
  }

  @Override
  BudgetLedger anotherReplica() {
    return ledger;
  }
}

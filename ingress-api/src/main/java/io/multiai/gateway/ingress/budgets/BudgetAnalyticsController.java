package io.multiai.gateway.ingress.budgets;

import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Mono;

/**
 * {@code GET /api/ai/analytics/budgets} (admin, as all analytics): {@code budgets}, each defined budget in its
 * current period ({@link BudgetService#describe}); {@code spendByBudgetAndPeriod}, every budget and period still in
 * the ledger (per-user budgets and previous periods included) with {@code spentUsd} and {@code reservedUsd}.
 */
@RestController
class BudgetAnalyticsController {

  private final BudgetService budgets;

  BudgetAnalyticsController(BudgetService budgets) {
    this.budgets = budgets;
  }

  @GetMapping(path = "/api/ai/analytics/budgets", produces = MediaType.APPLICATION_JSON_VALUE)
  Mono<Map<String, Object>> budgets() {
    return budgets.analytics();
  }
}

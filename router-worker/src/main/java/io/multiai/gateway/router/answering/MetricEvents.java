package io.multiai.gateway.router.answering;

import java.time.Clock;

import io.multiai.gateway.common.catalog.CallCost;
import io.multiai.gateway.common.catalog.CostCalculator;
import io.multiai.gateway.providers.metrics.CallMetricEvents;
import io.multiai.gateway.providers.resilience.AttemptOutcome;
import io.multiai.gateway.schemas.Complexity;
import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.QueryRequest;

/**
 * Builds the MetricEvent for one provider call: numbers and labels only, never text. Tokens and cost
 * follow {@link CallCost}: a failed call the provider still billed (an empty or refused answer with
 * usage) carries its tokens and cost, so spend on failures reaches analytics, budgets and alerts.
 */
final class MetricEvents {

  private final CallMetricEvents events;

  MetricEvents(CostCalculator costs, Clock clock) {
    this.events = new CallMetricEvents(costs, clock);
  }

  /** What the call cost (USD, null when unpriced) and the tokens billed for it. */
  CallCost cost(AttemptOutcome call) {
    return events.cost(call);
  }

  /**
   * @param concluding whether this call's outcome is the one the reply reports (the request's last
   *     call): the aggregator counts queries from these, and calls from all
   */
  MetricEvent of(QueryRequest request, Complexity complexity, AttemptOutcome call, boolean concluding) {
    return of(request, complexity, call, concluding, false);
  }

  /** @param batch the call answered a batch item (the lower lane), so analytics can tell it from interactive traffic */
  MetricEvent of(QueryRequest request, Complexity complexity, AttemptOutcome call, boolean concluding, boolean batch) {
    return events.of(request, call).setComplexity(complexity).setConcluding(concluding).setBatch(batch).build();
  }
}

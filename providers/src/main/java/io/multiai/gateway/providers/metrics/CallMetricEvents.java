package io.multiai.gateway.providers.metrics;

import java.time.Clock;

import io.multiai.gateway.common.catalog.CallCost;
import io.multiai.gateway.common.catalog.CostCalculator;
import io.multiai.gateway.common.metering.MetricEvents;
import io.multiai.gateway.providers.resilience.AttemptOutcome;
import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.QueryRequest;

/**
 * The MetricEvent of a provider attempt, for every worker, made by the one factory ({@link MetricEvents}).
 * Tokens and cost follow {@link CallCost} (a failed call the provider still billed carries its tokens
 * and cost; an unpriced model's cost is unknown or an estimate, said so), with the version of the price
 * list used. The caller adds what only it knows: the request's complexity, whether the
 * call concluded the query, whether it was part of an ensemble.
 */
public final class CallMetricEvents {

  private final CostCalculator costs;
  private final MetricEvents events;

  public CallMetricEvents(CostCalculator costs, Clock clock) {
    this.costs = costs;
    this.events = new MetricEvents(clock);
  }

  /** What one attempt cost and the tokens billed for it. */
  public CallCost cost(AttemptOutcome attempt) {
    return CallCost.of(costs, attempt.model(), attempt.usage());
  }

  /** A builder with every field of the call set, stamped now; {@code concluding} defaults to true. */
  public MetricEvent.Builder of(QueryRequest request, AttemptOutcome attempt) {
    return events.call(request, attempt.model(), attempt.provider().wireName(), attempt.latencyMs(), cost(attempt),
        costs.version(), attempt.succeeded(), attempt.outcome(), attempt.succeeded() && attempt.response().simulated());
  }
}

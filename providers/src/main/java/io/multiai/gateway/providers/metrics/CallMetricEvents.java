package io.multiai.gateway.providers.metrics;

import java.time.Clock;

import io.multiai.gateway.common.catalog.CallCost;
import io.multiai.gateway.common.catalog.CostCalculator;
import io.multiai.gateway.providers.resilience.AttemptOutcome;
import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.QueryRequest;

/**
 * The one factory of the MetricEvent of a provider call, for every worker: numbers and labels only,
 * never text. Tokens and cost follow {@link CallCost} (a failed call the provider still billed carries
 * its tokens and cost; an unpriced model's cost is unknown or an estimate, said so), with the version
 * of the price list used. The caller adds what only it knows: the request's complexity, whether the
 * call concluded the query, whether it was part of an ensemble.
 */
public final class CallMetricEvents {

  private final CostCalculator costs;
  private final Clock clock;

  public CallMetricEvents(CostCalculator costs, Clock clock) {
    this.costs = costs;
    this.clock = clock;
  }

  /** What one attempt cost and the tokens billed for it. */
  public CallCost cost(AttemptOutcome attempt) {
    return CallCost.of(costs, attempt.model(), attempt.usage());
  }

  /** A builder with every field of the call set, stamped now; {@code concluding} defaults to true. */
  public MetricEvent.Builder of(QueryRequest request, AttemptOutcome attempt) {
    CallCost cost = cost(attempt);
    return MetricEvent.newBuilder()
        .setRequestId(request.getRequestId())
        .setModel(attempt.model())
        .setProvider(attempt.provider().wireName())
        .setLatencyMs(attempt.latencyMs())
        .setInputTokens(cost.usage().inputTokens())
        .setOutputTokens(cost.usage().outputTokens())
        .setCostUsd(cost.costUsd())
        .setCostEstimated(cost.estimated())
        .setPricesVersion(costs.version())
        .setSuccess(attempt.succeeded())
        .setErrorType(attempt.succeeded() ? null : attempt.outcome())
        .setCostPriority(request.getCostPriority())
        .setUserIdHash(request.getUserIdHash())
        .setSimulated(attempt.succeeded() && attempt.response().simulated())
        .setTimestampMs(clock.millis());
  }
}

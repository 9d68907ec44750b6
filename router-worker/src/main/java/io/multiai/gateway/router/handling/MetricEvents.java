package io.multiai.gateway.router.handling;

import java.time.Clock;

import io.multiai.gateway.common.catalog.CallCost;
import io.multiai.gateway.common.catalog.CostCalculator;
import io.multiai.gateway.schemas.Complexity;
import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.QueryRequest;

/**
 * Builds the MetricEvent for one provider call: numbers and labels only, never text. Tokens and cost
 * follow {@link CallCost}: a failed call the provider still billed (an empty or refused answer with
 * usage) carries its tokens and cost, so spend on failures reaches analytics, budgets and alerts.
 */
final class MetricEvents {

  private final CostCalculator costs;
  private final Clock clock;

  MetricEvents(CostCalculator costs, Clock clock) {
    this.costs = costs;
    this.clock = clock;
  }

  /** What the call cost (USD, null when unpriced) and the tokens billed for it. */
  CallCost cost(CallResult call) {
    return CallCost.of(costs, call.candidate().model(), call.attempt().usage());
  }

  /**
   * @param concluding whether this call's outcome is the one the reply reports (the request's last
   *     call): the aggregator counts queries from these, and calls from all
   */
  MetricEvent of(QueryRequest request, Complexity complexity, CallResult call, boolean concluding) {
    CallCost cost = cost(call);
    return MetricEvent.newBuilder()
        .setRequestId(request.getRequestId())
        .setModel(call.candidate().model())
        .setProvider(call.candidate().provider().wireName())
        .setLatencyMs(call.latencyMs())
        .setInputTokens(cost.usage().inputTokens())
        .setOutputTokens(cost.usage().outputTokens())
        .setCostUsd(cost.costUsd())
        .setSuccess(call.succeeded())
        .setErrorType(call.succeeded() ? null : call.outcome())
        .setComplexity(complexity)
        .setCostPriority(request.getCostPriority())
        .setUserIdHash(request.getUserIdHash())
        .setSimulated(call.succeeded() && call.response().simulated())
        .setTimestampMs(clock.millis())
        .setConcluding(concluding)
        .build();
  }
}

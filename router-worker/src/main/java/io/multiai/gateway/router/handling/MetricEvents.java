package io.multiai.gateway.router.handling;

import java.time.Clock;

import io.multiai.gateway.common.provider.CostCalculator;
import io.multiai.gateway.common.provider.Usage;
import io.multiai.gateway.schemas.Complexity;
import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.QueryRequest;

/** Builds the MetricEvent for one provider call: numbers and labels only, never text. */
final class MetricEvents {

  private final CostCalculator costs;
  private final Clock clock;

  MetricEvents(CostCalculator costs, Clock clock) {
    this.costs = costs;
    this.clock = clock;
  }

  MetricEvent of(QueryRequest request, Complexity complexity, CallResult call) {
    return of(request, complexity, call, true);
  }

  /**
   * @param concluding whether this call's outcome is the one the reply reports (the request's last
   *     call): the aggregator counts queries from these, and calls from all
   */
  MetricEvent of(QueryRequest request, Complexity complexity, CallResult call, boolean concluding) {
    Usage usage = call.succeeded() ? call.response().usage() : Usage.of(0, 0);
    Double cost = call.succeeded() ? costs.cost(call.candidate().model(), usage).orElse(null) : Double.valueOf(0.0);
    return MetricEvent.newBuilder()
        .setRequestId(request.getRequestId())
        .setModel(call.candidate().model())
        .setProvider(call.candidate().provider().wireName())
        .setLatencyMs(call.latencyMs())
        .setInputTokens(usage.inputTokens())
        .setOutputTokens(usage.outputTokens())
        .setCostUsd(cost)
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

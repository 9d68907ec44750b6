package io.multiai.gateway.common.metering;

import java.time.Clock;

import io.multiai.gateway.common.catalog.CallCost;
import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.QueryRequest;
import io.multiai.gateway.schemas.QueryResponse;

/**
 * The one factory of {@link MetricEvent}s, for every service: numbers and labels only, never text,
 * stamped with this clock (epoch milliseconds). A provider call's tokens and cost follow {@link CallCost};
 * a reply served from the response cache cost nothing and is marked {@code cacheHit}. Callers add what
 * only they know (a call's complexity, whether it concluded the query, whether it was part of an ensemble).
 */
public final class MetricEvents {

  private final Clock clock;

  public MetricEvents(Clock clock) {
    this.clock = clock;
  }

  /**
   * One provider call of {@code request}.
   *
   * @param latencyMs the call's wall time, milliseconds
   * @param pricesVersion the version of the price list {@code cost} was worked out with
   * @param errorType null when the call succeeded
   */
  public MetricEvent.Builder call(QueryRequest request, String model, String provider, long latencyMs, CallCost cost,
      String pricesVersion, boolean success, String errorType, boolean simulated) {
    return about(request)
        .setModel(model)
        .setProvider(provider)
        .setLatencyMs(latencyMs)
        .setInputTokens(cost.usage().inputTokens())
        .setOutputTokens(cost.usage().outputTokens())
        .setCostUsd(cost.costUsd())
        .setCostEstimated(cost.estimated())
        .setPricesVersion(pricesVersion)
        .setSuccess(success)
        .setErrorType(success ? null : errorType)
        .setSimulated(simulated);
  }

  /** {@code request} answered from the response cache with {@code reply}: no tokens, no cost, a success. */
  public MetricEvent cacheHit(QueryRequest request, QueryResponse reply, long latencyMs) {
    return about(request)
        .setModel(reply.getModel())
        .setProvider(reply.getProvider())
        .setLatencyMs(latencyMs)
        .setInputTokens(0)
        .setOutputTokens(0)
        .setCostUsd(0.0)
        .setSuccess(true)
        .setComplexity(reply.getComplexity())
        .setSimulated(reply.getSimulated())
        .setCacheHit(true)
        .build();
  }

  private MetricEvent.Builder about(QueryRequest request) {
    return MetricEvent.newBuilder()
        .setRequestId(request.getRequestId())
        .setCostPriority(request.getCostPriority())
        .setUserIdHash(request.getUserIdHash())
        .setTimestampMs(clock.millis());
  }
}

package io.multiai.gateway.ensemble.calling;

import java.time.Clock;

import io.multiai.gateway.common.catalog.CallCost;
import io.multiai.gateway.common.catalog.CostCalculator;
import io.multiai.gateway.providers.metrics.CallMetricEvents;
import io.multiai.gateway.schemas.MetricEvent;
import io.multiai.gateway.schemas.QueryRequest;
import io.multiai.gateway.common.catalog.ModelCatalog;
import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.providers.ProviderRegistry;
import io.multiai.gateway.providers.ProviderRequest;
import io.multiai.gateway.providers.resilience.AttemptOutcome;
import io.multiai.gateway.providers.resilience.ModelResilience;
import reactor.core.publisher.Mono;

/**
 * Calls one model for an ensemble through the same provider clients and resilience policies as the
 * router (retry, circuit breaker, bulkhead, deadline). A failure becomes part of the result (the
 * ensemble answers with what arrived); a cancellation reaches the provider client, which closes its
 * connection.
 */
public class ModelInvoker {

  private final ProviderRegistry providers;
  private final ModelResilience resilience;
  private final ModelCatalog catalog;
  private final CallMetricEvents events;
  private final Clock clock;
  private final CostCalculator costs;

  public ModelInvoker(ProviderRegistry providers, ModelResilience resilience, ModelCatalog catalog, CostCalculator costs, Clock clock) {
    this.providers = providers;
    this.resilience = resilience;
    this.catalog = catalog;
    this.events = new CallMetricEvents(costs, clock);
    this.clock = clock;
    this.costs = costs;
  }

  /** The price list every call is costed by. */
  public CostCalculator costs() {
    return costs;
  }

  public ProviderId providerOf(String model) {
    return catalog.providerOf(model).orElseThrow(() -> new IllegalArgumentException("model " + model + " belongs to no known provider"));
  }

  public Mono<MemberCall> call(String requestId, String model, String prompt, int maxTokens, MemberCall.Role role, long deadlineMs) {
    ProviderId provider = providerOf(model);
    long started = clock.millis();
    return resilience.call(providers.client(provider), ProviderRequest.ofPrompt(requestId, model, prompt, maxTokens), deadlineMs)
        .map(result -> new MemberCall(model, provider, role, result.attempts(), false,
            // Every attempt the provider billed, failed ones with reported usage included.
            CallCost.total(result.attempts().stream().map(attempt -> cost(attempt)).toList()),
            clock.millis() - started));
  }

  /** One attempt's tokens and cost, by the rule every worker shares. */
  public CallCost cost(AttemptOutcome attempt) {
    return events.cost(attempt);
  }

  /** The MetricEvent of one attempt, as every worker builds it; the caller adds what only it knows. */
  public MetricEvent.Builder metricEvent(QueryRequest request, AttemptOutcome attempt) {
    return events.of(request, attempt);
  }
}

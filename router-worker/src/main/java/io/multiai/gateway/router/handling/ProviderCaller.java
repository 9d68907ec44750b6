package io.multiai.gateway.router.handling;

import io.multiai.gateway.providers.ProviderRegistry;
import io.multiai.gateway.providers.ProviderRequest;
import io.multiai.gateway.providers.resilience.ModelCallResult;
import io.multiai.gateway.providers.resilience.ModelResilience;
import io.multiai.gateway.router.routing.Route;
import reactor.core.publisher.Mono;

/** Calls one candidate model through its resilience policies, until the request's deadline at the latest. */
public class ProviderCaller {

  private final ProviderRegistry providers;
  private final ModelResilience resilience;

  public ProviderCaller(ProviderRegistry providers, ModelResilience resilience) {
    this.providers = providers;
    this.resilience = resilience;
  }

  Mono<ModelCallResult> call(Route.Candidate candidate, ProviderRequest request, long deadlineMs) {
    return resilience.call(providers.client(candidate.provider()), request, deadlineMs);
  }
}

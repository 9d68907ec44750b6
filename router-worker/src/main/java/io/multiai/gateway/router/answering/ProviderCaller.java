package io.multiai.gateway.router.answering;

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

  /**
   * Starts a streamed call of one candidate through its resilience policies (see {@link StreamStart}): the
   * result says how the attempts before the first chunk went; when one started, {@code start.chunks()} has it.
   */
  Mono<ModelCallResult> stream(Route.Candidate candidate, ProviderRequest request, long deadlineMs, StreamStart[] start) {
    StreamStart attempt = new StreamStart(providers.client(candidate.provider()));
    start[0] = attempt;
    return resilience.call(attempt, request, deadlineMs);
  }

  Mono<ModelCallResult> call(Route.Candidate candidate, ProviderRequest request, long deadlineMs) {
    return resilience.call(providers.client(candidate.provider()), request, deadlineMs);
  }
}

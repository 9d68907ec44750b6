package io.multiai.gateway.router.handling;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.multiai.gateway.common.provider.ErrorType;
import io.multiai.gateway.common.provider.ProviderException;
import io.multiai.gateway.common.provider.ProviderRegistry;
import io.multiai.gateway.common.provider.ProviderRequest;
import io.multiai.gateway.router.routing.Route;
import reactor.core.publisher.Mono;

/** Calls one candidate model, bounded by the time left before the request's deadline. */
public class ProviderCaller {

  private final ProviderRegistry providers;
  private final Clock clock;

  public ProviderCaller(ProviderRegistry providers, Clock clock) {
    this.providers = providers;
    this.clock = clock;
  }

  Mono<CallResult> call(Route.Candidate candidate, ProviderRequest request, Duration timeLeft) {
    long started = clock.millis();
    return providers.client(candidate.provider()).complete(request)
        .timeout(timeLeft)
        .map(response -> new CallResult(candidate, response, null, clock.millis() - started))
        .onErrorResume(error -> Mono.just(new CallResult(candidate, null, typed(candidate, error), clock.millis() - started)));
  }

  private static ProviderException typed(Route.Candidate candidate, Throwable error) {
    if (error instanceof ProviderException providerError) {
      return providerError;
    }
    if (error instanceof TimeoutException) {
      return new ProviderException(candidate.provider(), candidate.model(), ErrorType.TIMEOUT, "no answer before the deadline");
    }
    return new ProviderException(candidate.provider(), candidate.model(), ErrorType.SERVER_ERROR, 0,
        error.getClass().getSimpleName() + ": " + error.getMessage(), null, null, error);
  }
}

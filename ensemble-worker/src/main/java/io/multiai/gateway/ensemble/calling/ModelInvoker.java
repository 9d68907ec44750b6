package io.multiai.gateway.ensemble.calling;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.multiai.gateway.common.provider.CostCalculator;
import io.multiai.gateway.common.provider.ErrorType;
import io.multiai.gateway.common.provider.ModelCatalog;
import io.multiai.gateway.common.provider.ProviderException;
import io.multiai.gateway.common.provider.ProviderId;
import io.multiai.gateway.common.provider.ProviderRegistry;
import io.multiai.gateway.common.provider.ProviderRequest;
import reactor.core.publisher.Mono;

/**
 * Calls one model for an ensemble. A failure becomes a {@link MemberCall} (the ensemble answers with
 * what arrived); a cancellation propagates to the provider client, which closes its connection.
 */
public class ModelInvoker {

  private final ProviderRegistry providers;
  private final ModelCatalog catalog;
  private final CostCalculator costs;
  private final Clock clock;

  public ModelInvoker(ProviderRegistry providers, ModelCatalog catalog, CostCalculator costs, Clock clock) {
    this.providers = providers;
    this.catalog = catalog;
    this.costs = costs;
    this.clock = clock;
  }

  public ProviderId providerOf(String model) {
    return catalog.providerOf(model).orElseThrow(() -> new IllegalArgumentException("model " + model + " belongs to no known provider"));
  }

  /** Emits the call's outcome; fails only with {@link ProviderException} when {@code failOnError} (for "first success wins"). */
  public Mono<MemberCall> call(String requestId, String model, String prompt, int maxTokens, MemberCall.Role role, Duration timeLeft) {
    ProviderId provider = providerOf(model);
    long started = clock.millis();
    return providers.client(provider).complete(new ProviderRequest(requestId, model, prompt, maxTokens))
        .timeout(timeLeft)
        .map(response -> new MemberCall(model, provider, role, response, null, false,
            costs.cost(model, response.usage()).orElse(null), clock.millis() - started))
        .onErrorResume(error -> Mono.just(new MemberCall(model, provider, role, null, typed(provider, model, error), false, 0.0,
            clock.millis() - started)));
  }

  private static ProviderException typed(ProviderId provider, String model, Throwable error) {
    if (error instanceof ProviderException providerError) {
      return providerError;
    }
    if (error instanceof TimeoutException) {
      return new ProviderException(provider, model, ErrorType.TIMEOUT, "no answer before the ensemble's deadline");
    }
    return new ProviderException(provider, model, ErrorType.SERVER_ERROR, 0, error.getClass().getSimpleName(), null, null, error);
  }
}

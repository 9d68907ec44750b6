package io.multiai.gateway.providers;

import io.multiai.gateway.common.catalog.ProviderId;
import reactor.core.publisher.Mono;

/**
 * Calls one provider without blocking a thread. The Mono emits a usable answer or fails with a
 * {@link ProviderException}; cancelling the subscription abandons the call (a live client closes the
 * connection, so no tokens are spent on an answer nobody will read).
 */
public interface ProviderClient {

  ProviderId provider();

  /** True when answers are made up locally instead of by the provider. */
  boolean simulated();

  Mono<ProviderResponse> complete(ProviderRequest request);
}

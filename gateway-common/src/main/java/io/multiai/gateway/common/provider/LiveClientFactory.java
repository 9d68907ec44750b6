package io.multiai.gateway.common.provider;

import java.util.Optional;

/** Builds the real client for a provider that has an API key. */
@FunctionalInterface
public interface LiveClientFactory {

  Optional<ProviderClient> create(ProviderId provider, ProviderSettings settings);

  static LiveClientFactory none() {
    return (provider, settings) -> Optional.empty();
  }
}

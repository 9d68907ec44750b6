package io.multiai.gateway.providers;

import java.util.Optional;

import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.common.catalog.ProviderSettings;

/** Builds the real client for a provider that has an API key. */
@FunctionalInterface
public interface LiveClientFactory {

  Optional<ProviderClient> create(ProviderId provider, ProviderSettings settings);

  static LiveClientFactory none() {
    return (provider, settings) -> Optional.empty();
  }
}

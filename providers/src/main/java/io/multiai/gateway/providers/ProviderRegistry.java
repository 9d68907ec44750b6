package io.multiai.gateway.providers;

import java.util.EnumMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.common.catalog.ProvidersProperties;

/** One client per provider: the live one when the provider has a key, the simulator otherwise. */
public final class ProviderRegistry implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ProviderRegistry.class);

  private final Map<ProviderId, ProviderClient> clients = new EnumMap<>(ProviderId.class);

  public ProviderRegistry(ProvidersProperties properties, LiveClientFactory liveClients) {
    properties.byProvider().forEach((provider, settings) -> {
      ProviderClient client = settings.live()
          ? liveClients.create(provider, settings).orElseGet(() -> {
              log.warn("{} has an API key but no live client is available; simulating it", provider);
              return new SimulatedProvider(provider, properties.simulation());
            })
          : new SimulatedProvider(provider, properties.simulation());
      log.info("provider {}: {}", provider, client.simulated() ? "simulated (no API key)" : "live at " + settings.baseUrl());
      clients.put(provider, client);
    });
  }

  public ProviderRegistry(Map<ProviderId, ProviderClient> clients) {
    this.clients.putAll(clients);
  }

  public ProviderClient client(ProviderId provider) {
    ProviderClient client = clients.get(provider);
    if (client == null) {
      throw new IllegalArgumentException("no client for " + provider);
    }
    return client;
  }

  public Map<ProviderId, ProviderClient> all() {
    return Map.copyOf(clients);
  }

  /** Releases the live clients' connection pools. */
  @Override
  public void close() {
    clients.values().forEach(client -> {
      if (client instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          log.warn("closing the {} client failed: {}", client.provider(), e.toString());
        }
      }
    });
  }
}

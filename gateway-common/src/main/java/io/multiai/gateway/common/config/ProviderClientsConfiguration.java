package io.multiai.gateway.common.config;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.multiai.gateway.common.provider.HttpLiveClientFactory;
import io.multiai.gateway.common.provider.LiveClientFactory;
import io.multiai.gateway.common.provider.ProviderRegistry;
import io.multiai.gateway.common.provider.ProvidersProperties;

/** The provider clients of a worker: live over HTTP where a key is set, simulated elsewhere. */
@Configuration(proxyBeanMethods = false)
public class ProviderClientsConfiguration {

  @Bean
  LiveClientFactory liveClientFactory(Clock clock) {
    return new HttpLiveClientFactory(clock);
  }

  @Bean(destroyMethod = "close")
  ProviderRegistry providerRegistry(ProvidersProperties providers, LiveClientFactory liveClients) {
    return new ProviderRegistry(providers, liveClients);
  }
}

package io.multiai.gateway.providers.config;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;
import io.multiai.gateway.common.catalog.ProvidersProperties;
import io.multiai.gateway.providers.LiveClientFactory;
import io.multiai.gateway.providers.ProviderRegistry;
import io.multiai.gateway.providers.live.HttpLiveClientFactory;
import io.multiai.gateway.providers.resilience.ModelResilience;
import io.multiai.gateway.providers.resilience.ResilienceProperties;

/**
 * The provider clients of a worker (live over HTTP where a key is set, simulated elsewhere) and the
 * resilience policies every call goes through.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ResilienceProperties.class)
public class ProviderClientsConfiguration {

  @Bean
  LiveClientFactory liveClientFactory(Clock clock) {
    return new HttpLiveClientFactory(clock);
  }

  /** The per-model policies every worker applies; breaker, retry and bulkhead meters on this service's registry. */
  @Bean
  ModelResilience modelResilience(ResilienceProperties properties, Clock clock, MeterRegistry meters) {
    return new ModelResilience(properties, clock).bindTo(meters);
  }

  @Bean(destroyMethod = "close")
  ProviderRegistry providerRegistry(ProvidersProperties providers, LiveClientFactory liveClients) {
    return new ProviderRegistry(providers, liveClients);
  }
}

package io.multiai.gateway.providers.config;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;
import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.common.catalog.ProvidersProperties;
import io.multiai.gateway.providers.LiveClientFactory;
import io.multiai.gateway.providers.ProviderRegistry;
import io.multiai.gateway.providers.http.Call;
import io.multiai.gateway.providers.http.JsonHttpClient;
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

  /**
   * The first live provider call after start took about 0.8 s longer than the next ones (measured with
   * the rest of the path already warm): setting up WebClient, Reactor Netty's HTTP client and the codecs,
   * loaded and interpreted on the request path. One exchange through the same client code with this
   * service's own port, before the service reports ready, moves that to start-up without calling a
   * provider. Whatever it answers is ignored; failing to warm up only leaves the first call slower.
   */
  @Bean
  org.springframework.context.ApplicationListener<org.springframework.boot.context.event.ApplicationStartedEvent> providerClientWarmUp() {
    return event -> {
      String port = event.getApplicationContext().getEnvironment().getProperty("local.server.port");
      if (port == null) {
        return;
      }
      try (JsonHttpClient client = new JsonHttpClient("warm-up", "http://127.0.0.1:" + port, Duration.ofSeconds(2),
          Duration.ofSeconds(5))) {
        client.post(new Call(ProviderId.OPENAI, "warm-up", "", ""), "/actuator/health", Map.of(), headers -> {},
            "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)).block(Duration.ofSeconds(10));
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(ProviderClientsConfiguration.class).debug("provider client warm-up: {}", e.toString());
      }
    };
  }

  @Bean(destroyMethod = "close")
  ProviderRegistry providerRegistry(ProvidersProperties providers, LiveClientFactory liveClients) {
    return new ProviderRegistry(providers, liveClients);
  }
}

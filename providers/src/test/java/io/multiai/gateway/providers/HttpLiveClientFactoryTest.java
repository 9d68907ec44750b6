package io.multiai.gateway.providers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.common.catalog.ProviderSettings;
import io.multiai.gateway.common.catalog.ProvidersProperties;
import io.multiai.gateway.common.catalog.SimulationSettings;
import io.multiai.gateway.providers.anthropic.AnthropicClient;
import io.multiai.gateway.providers.gemini.GeminiClient;
import io.multiai.gateway.providers.live.HttpLiveClientFactory;
import io.multiai.gateway.providers.openai.OpenAiClient;

class HttpLiveClientFactoryTest {

  private ProviderRegistry registry;

  private static ProviderSettings settings(String apiKey, String baseUrl, String model) {
    return new ProviderSettings(apiKey, baseUrl, model, model, 1024, Duration.ofSeconds(5), Duration.ofSeconds(60));
  }

  @AfterEach
  void closeClients() {
    if (registry != null) {
      registry.all().values().forEach(LiveClientCase::close);
    }
  }

  @Test
  void theRegistryGetsALiveHttpClientForEveryProviderWithAKeyAndTheSimulatorForTheOthers() {
    ProvidersProperties properties = new ProvidersProperties(
        settings("sk-ant-test", "https://api.anthropic.com", "claude-haiku-4-5"),
        settings("", "https://api.openai.com/v1", "gpt-5-mini"),
        settings("gemini-test", "https://generativelanguage.googleapis.com", "gemini-2.5-flash"),
        new SimulationSettings(42, 0, 0, Map.of()));

    registry = new ProviderRegistry(properties, new HttpLiveClientFactory());

    assertThat(registry.client(ProviderId.CLAUDE)).isInstanceOf(AnthropicClient.class);
    assertThat(registry.client(ProviderId.CLAUDE).simulated()).isFalse();
    assertThat(registry.client(ProviderId.OPENAI)).isInstanceOf(SimulatedProvider.class);
    assertThat(registry.client(ProviderId.GEMINI)).isInstanceOf(GeminiClient.class);
  }

  @Test
  void eachProviderGetsItsOwnClient() {
    HttpLiveClientFactory factory = new HttpLiveClientFactory();
    ProviderSettings live = settings("key", "http://127.0.0.1:1", "m");

    ProviderClient openai = factory.create(ProviderId.OPENAI, live).orElseThrow();
    try {
      assertThat(openai).isInstanceOf(OpenAiClient.class);
      assertThat(openai.provider()).isEqualTo(ProviderId.OPENAI);
    } finally {
      LiveClientCase.close(openai);
    }
  }

  @Test
  void noKeyOrNoBaseUrlMeansNoLiveClient() {
    HttpLiveClientFactory factory = new HttpLiveClientFactory();

    assertThat(factory.create(ProviderId.CLAUDE, settings(null, "https://api.anthropic.com", "m"))).isEmpty();
    assertThat(factory.create(ProviderId.CLAUDE, settings("key", " ", "m"))).isEmpty();
  }
}

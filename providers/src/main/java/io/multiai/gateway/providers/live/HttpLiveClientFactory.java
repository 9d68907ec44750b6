package io.multiai.gateway.providers.live;

import java.time.Clock;
import java.util.Optional;

import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.common.catalog.ProviderSettings;
import io.multiai.gateway.providers.LiveClientFactory;
import io.multiai.gateway.providers.ProviderClient;
import io.multiai.gateway.providers.ProviderRegistry;
import io.multiai.gateway.providers.anthropic.AnthropicClient;
import io.multiai.gateway.providers.gemini.GeminiClient;
import io.multiai.gateway.providers.openai.OpenAiClient;

/**
 * The live clients over HTTP, one per provider, each with its own connection pool:
 * {@code new ProviderRegistry(properties, new HttpLiveClientFactory())}.
 */
public final class HttpLiveClientFactory implements LiveClientFactory {

  private final Clock clock;

  public HttpLiveClientFactory() {
    this(Clock.systemUTC());
  }

  /** @param clock reads {@code Retry-After} dates */
  public HttpLiveClientFactory(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Optional<ProviderClient> create(ProviderId provider, ProviderSettings settings) {
    if (settings == null || !settings.live() || settings.baseUrl() == null || settings.baseUrl().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(switch (provider) {
      case CLAUDE -> new AnthropicClient(settings, clock);
      case OPENAI -> new OpenAiClient(settings, clock);
      case GEMINI -> new GeminiClient(settings, clock);
    });
  }
}

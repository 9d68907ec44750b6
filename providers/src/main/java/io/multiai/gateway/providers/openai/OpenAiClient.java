package io.multiai.gateway.providers.openai;

import java.time.Clock;
import java.util.Map;

import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.common.catalog.ProviderSettings;
import io.multiai.gateway.providers.ProviderClient;
import io.multiai.gateway.providers.ProviderRequest;
import io.multiai.gateway.providers.ProviderResponse;
import io.multiai.gateway.providers.http.Call;
import io.multiai.gateway.providers.http.JsonHttpClient;
import io.multiai.gateway.providers.http.Limits;
import reactor.core.publisher.Mono;

/**
 * OpenAI through Chat Completions. The base URL includes the version ({@code https://api.openai.com/v1}),
 * as in the official SDKs, so the same client reaches OpenAI-compatible servers such as vLLM or Ollama.
 */
public final class OpenAiClient implements ProviderClient, AutoCloseable {

  private final ProviderSettings settings;
  private final JsonHttpClient http;
  private final OpenAiReplies replies;

  public OpenAiClient(ProviderSettings settings, Clock clock) {
    this.settings = settings;
    this.http = Limits.httpClient("openai", settings);
    this.replies = new OpenAiReplies(clock);
  }

  @Override
  public ProviderId provider() {
    return ProviderId.OPENAI;
  }

  @Override
  public boolean simulated() {
    return false;
  }

  @Override
  public Mono<ProviderResponse> complete(ProviderRequest request) {
    Call call = Call.of(ProviderId.OPENAI, settings.apiKey(), request);
    return Mono.defer(() -> http.post(call, "/chat/completions", Map.of(),
        headers -> headers.setBearerAuth(settings.apiKey()),
        OpenAiRequestBody.of(request, Limits.maxTokens(request, settings)),
        reply -> replies.read(call, reply)));
  }

  @Override
  public void close() {
    http.close();
  }
}

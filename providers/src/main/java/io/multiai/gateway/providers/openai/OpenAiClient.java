package io.multiai.gateway.providers.openai;

import java.time.Clock;
import java.util.Map;

import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.common.catalog.ProviderSettings;
import io.multiai.gateway.providers.ErrorType;
import io.multiai.gateway.providers.ProviderChunk;
import io.multiai.gateway.providers.ProviderClient;
import io.multiai.gateway.providers.ProviderRequest;
import io.multiai.gateway.providers.ProviderResponse;
import io.multiai.gateway.providers.http.Call;
import io.multiai.gateway.providers.http.EventStreams;
import io.multiai.gateway.providers.http.JsonHttpClient;
import io.multiai.gateway.providers.http.Limits;
import reactor.core.publisher.Flux;
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
    return Mono.defer(() -> {
      byte[] body;
      try {
        body = OpenAiRequestBody.of(request, Limits.maxTokens(request, settings));
      } catch (IllegalArgumentException e) {
        return Mono.error(call.failure(ErrorType.BAD_REQUEST, e.getMessage()));
      }
      return http.post(call, "/chat/completions", Map.of(), headers -> headers.setBearerAuth(settings.apiKey()), body,
          reply -> replies.read(call, reply));
    });
  }

  @Override
  public Flux<ProviderChunk> stream(ProviderRequest request) {
    return Flux.defer(() -> {
      Call call = Call.of(ProviderId.OPENAI, settings.apiKey(), request);
      byte[] body;
      try {
        body = OpenAiRequestBody.streaming(request, Limits.maxTokens(request, settings));
      } catch (IllegalArgumentException e) {
        return EventStreams.failed(call.failure(ErrorType.BAD_REQUEST, e.getMessage()));
      }
      return EventStreams.translate(call, http.stream(call, "/chat/completions", Map.of(),
          headers -> headers.setBearerAuth(settings.apiKey()), body, reply -> replies.failureOf(call, reply)),
          new OpenAiStream(call));
    });
  }

  @Override
  public void close() {
    http.close();
  }
}

package io.multiai.gateway.providers.gemini;

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

/** Gemini through the Developer API's native {@code generateContent}. */
public final class GeminiClient implements ProviderClient, AutoCloseable {

  private final ProviderSettings settings;
  private final JsonHttpClient http;
  private final GeminiReplies replies;

  public GeminiClient(ProviderSettings settings, Clock clock) {
    this.settings = settings;
    this.http = Limits.httpClient("gemini", settings);
    this.replies = new GeminiReplies(clock);
  }

  @Override
  public ProviderId provider() {
    return ProviderId.GEMINI;
  }

  @Override
  public boolean simulated() {
    return false;
  }

  @Override
  public Mono<ProviderResponse> complete(ProviderRequest request) {
    Call call = Call.of(ProviderId.GEMINI, settings.apiKey(), request);
    // The key goes in a header, never in ?key=: URLs end up in logs and exception messages.
    return Mono.defer(() -> {
      byte[] body;
      try {
        body = GeminiRequestBody.of(request, Limits.maxTokens(request, settings));
      } catch (IllegalArgumentException e) {
        return Mono.error(call.failure(ErrorType.BAD_REQUEST, e.getMessage()));
      }
      return http.post(call, "/v1beta/models/{model}:generateContent", Map.of("model", resourceId(request.model())),
          headers -> headers.set("x-goog-api-key", settings.apiKey()), body, reply -> replies.read(call, reply));
    });
  }

  /** {@code streamGenerateContent} with {@code alt=sse}: without it the answer is one JSON array, not events. */
  @Override
  public Flux<ProviderChunk> stream(ProviderRequest request) {
    return Flux.defer(() -> {
      Call call = Call.of(ProviderId.GEMINI, settings.apiKey(), request);
      byte[] body;
      try {
        body = GeminiRequestBody.of(request, Limits.maxTokens(request, settings));
      } catch (IllegalArgumentException e) {
        return EventStreams.failed(call.failure(ErrorType.BAD_REQUEST, e.getMessage()));
      }
      return EventStreams.translate(call, http.stream(call, "/v1beta/models/{model}:streamGenerateContent?alt=sse",
          Map.of("model", resourceId(request.model())), headers -> headers.set("x-goog-api-key", settings.apiKey()),
          body, reply -> replies.failure(call, reply)), new GeminiStream(call));
    });
  }

  /** The path takes the bare id; model names are also written as {@code models/gemini-...}. */
  static String resourceId(String model) {
    return model.startsWith("models/") ? model.substring("models/".length()) : model;
  }

  @Override
  public void close() {
    http.close();
  }
}

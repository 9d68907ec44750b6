package io.multiai.gateway.providers.anthropic;

import java.time.Clock;
import java.util.Map;

import org.springframework.http.HttpHeaders;

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

/** Claude through the Messages API ({@code POST /v1/messages}). */
public final class AnthropicClient implements ProviderClient, AutoCloseable {

  /** The API version the request and answer formats here are written against. */
  static final String API_VERSION = "2023-06-01";

  private final ProviderSettings settings;
  private final JsonHttpClient http;
  private final AnthropicReplies replies;

  public AnthropicClient(ProviderSettings settings, Clock clock) {
    this.settings = settings;
    this.http = Limits.httpClient("anthropic", settings);
    this.replies = new AnthropicReplies(clock);
  }

  @Override
  public ProviderId provider() {
    return ProviderId.CLAUDE;
  }

  @Override
  public boolean simulated() {
    return false;
  }

  @Override
  public Mono<ProviderResponse> complete(ProviderRequest request) {
    Call call = Call.of(ProviderId.CLAUDE, settings.apiKey(), request);
    return Mono.defer(() -> {
      byte[] body;
      try {
        body = AnthropicRequestBody.of(request, Limits.maxTokens(request, settings));
      } catch (IllegalArgumentException e) {
        return Mono.error(call.failure(ErrorType.BAD_REQUEST, e.getMessage()));
      }
      return http.post(call, "/v1/messages", Map.of(), this::headers, body, reply -> replies.read(call, reply));
    });
  }

  @Override
  public Flux<ProviderChunk> stream(ProviderRequest request) {
    return Flux.defer(() -> {
      Call call = Call.of(ProviderId.CLAUDE, settings.apiKey(), request);
      byte[] body;
      try {
        body = AnthropicRequestBody.streaming(request, Limits.maxTokens(request, settings));
      } catch (IllegalArgumentException e) {
        return EventStreams.failed(call.failure(ErrorType.BAD_REQUEST, e.getMessage()));
      }
      return EventStreams.translate(call,
          http.stream(call, "/v1/messages", Map.of(), this::headers, body, reply -> replies.failure(call, reply)),
          new AnthropicStream(call));
    });
  }

  private void headers(HttpHeaders headers) {
    headers.set("x-api-key", settings.apiKey());
    headers.set("anthropic-version", API_VERSION);
  }

  @Override
  public void close() {
    http.close();
  }
}

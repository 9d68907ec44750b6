package io.multiai.gateway.providers;

import java.util.ArrayList;
import java.util.List;

import io.multiai.gateway.common.catalog.ProviderId;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Calls one provider without blocking a thread. The Mono emits a usable answer or fails with a
 * {@link ProviderException}; cancelling the subscription abandons the call (a live client closes the
 * connection, so no tokens are spent on an answer nobody will read).
 */
public interface ProviderClient {

  ProviderId provider();

  /** True when answers are made up locally instead of by the provider. */
  boolean simulated();

  Mono<ProviderResponse> complete(ProviderRequest request);

  /**
   * The answer as it is generated: {@link ProviderChunk.TextDelta}s and {@link ProviderChunk.ToolCallDelta}s in
   * the provider's order, then exactly one {@link ProviderChunk.Finish} with the usage. Failures are
   * {@link ProviderException}s: one before the first chunk is typed and retryable as for {@link #complete}; one
   * after it is a {@link MidStreamException} (carrying the usage reported so far). Cancelling the subscription
   * closes the provider connection.
   *
   * <p>This default, for clients that cannot stream, answers in one piece from {@link #complete}: its whole text
   * as one delta, each tool call as one delta. Live clients and the simulator stream for real.
   */
  default Flux<ProviderChunk> stream(ProviderRequest request) {
    return complete(request).flatMapMany(response -> {
      List<ProviderChunk> chunks = new ArrayList<>();
      if (!response.text().isEmpty()) {
        chunks.add(new ProviderChunk.TextDelta(response.text()));
      }
      for (int i = 0; i < response.toolCalls().size(); i++) {
        ToolCall call = response.toolCalls().get(i);
        chunks.add(new ProviderChunk.ToolCallDelta(i, call.id(), call.name(), call.arguments()));
      }
      chunks.add(new ProviderChunk.Finish(response.finishReason(), response.usage()));
      return Flux.fromIterable(chunks);
    });
  }
}

package io.multiai.gateway.router.answering;

import java.util.concurrent.atomic.AtomicReference;

import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.common.catalog.Usage;
import io.multiai.gateway.providers.ProviderChunk;
import io.multiai.gateway.providers.ProviderClient;
import io.multiai.gateway.providers.ProviderException;
import io.multiai.gateway.providers.ErrorType;
import io.multiai.gateway.providers.ProviderRequest;
import io.multiai.gateway.providers.ProviderResponse;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Puts a streamed provider call through the same resilience policies as a whole one: to
 * {@link io.multiai.gateway.providers.resilience.ModelResilience} a stream is "answered" when its first chunk
 * arrives. So retry, time limit, bulkhead, circuit breaker and the fallback chain all act before the first
 * chunk and never after it: a stream that has begun is never restarted or switched to another model (the
 * caller already has part of the answer). The time limit bounds the time to the first chunk; the bulkhead
 * slot is released when it arrives; the circuit counts a stream that started as a success (a failure after
 * that ends the stream with an error, and its metric says so).
 *
 * <p>Each attempt subscribes to the provider's stream; the first chunk completes the attempt with a
 * placeholder answer, and this attempt's chunks (the first included) are kept in {@link #chunks()}, which the
 * caller subscribes to once. An attempt abandoned before its first chunk (time limit, deadline) closes its
 * provider connection; cancelling {@link #chunks()} closes the one that answered.
 */
final class StreamStart implements ProviderClient {

  private final ProviderClient client;
  private final AtomicReference<Flux<ProviderChunk>> started = new AtomicReference<>();

  StreamStart(ProviderClient client) {
    this.client = client;
  }

  @Override
  public ProviderId provider() {
    return client.provider();
  }

  @Override
  public boolean simulated() {
    return client.simulated();
  }

  /** The chunks of the attempt that started, from its first; null when none did. */
  Flux<ProviderChunk> chunks() {
    return started.get();
  }

  @Override
  public Mono<ProviderResponse> complete(ProviderRequest request) {
    return Mono.defer(() -> {
      Sinks.One<ProviderResponse> first = Sinks.one();
      Sinks.Many<ProviderChunk> rest = Sinks.many().unicast().onBackpressureBuffer();
      AtomicReference<Disposable> upstream = new AtomicReference<>();
      boolean[] begun = {false};
      upstream.set(client.stream(request).subscribe(chunk -> {
        rest.tryEmitNext(chunk);
        if (!begun[0]) {
          begun[0] = true;
          started.set(rest.asFlux().doOnCancel(() -> upstream.get().dispose()));
          first.tryEmitValue(new ProviderResponse(request.model(), "", Usage.of(0, 0), null, client.simulated()));
        }
      }, error -> {
        if (begun[0]) {
          rest.tryEmitError(error);
        } else {
          first.tryEmitError(error);
        }
      }, () -> {
        if (begun[0]) {
          rest.tryEmitComplete();
        } else {
          first.tryEmitError(new ProviderException(client.provider(), request.model(), ErrorType.INVALID_RESPONSE,
              "the stream ended without a chunk"));
        }
      }));
      return first.asMono().doOnCancel(() -> upstream.get().dispose());
    });
  }

  @Override
  public Flux<ProviderChunk> stream(ProviderRequest request) {
    throw new UnsupportedOperationException("StreamStart is the stream");
  }
}

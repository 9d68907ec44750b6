package io.multiai.gateway.providers.fake;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.common.catalog.Usage;
import io.multiai.gateway.providers.ErrorType;
import io.multiai.gateway.providers.ProviderClient;
import io.multiai.gateway.providers.ProviderException;
import io.multiai.gateway.providers.ProviderRequest;
import io.multiai.gateway.providers.ProviderResponse;
import reactor.core.publisher.Mono;

/**
 * An in-memory provider for unit tests of the resilience layer and the router: answers from a script
 * in order (then with {@code otherwise}), counting calls. No HTTP: fast and deterministic.
 */
public final class ScriptedProviderClient implements ProviderClient {

  private final ProviderId provider;
  private final Queue<Supplier<Mono<ProviderResponse>>> script = new ConcurrentLinkedQueue<>();
  private final AtomicInteger calls = new AtomicInteger();
  private volatile Supplier<Mono<ProviderResponse>> otherwise;

  public ScriptedProviderClient(ProviderId provider) {
    this.provider = provider;
    this.otherwise = answer();
  }

  @Override
  public ProviderId provider() {
    return provider;
  }

  @Override
  public boolean simulated() {
    return false;
  }

  @Override
  public Mono<ProviderResponse> complete(ProviderRequest request) {
    calls.incrementAndGet();
    Supplier<Mono<ProviderResponse>> next = script.poll();
    return (next == null ? otherwise : next).get()
        .map(r -> new ProviderResponse(request.model(), r.text(), r.toolCalls(), r.usage(), r.finishReason(), r.simulated()));
  }

  public int calls() {
    return calls.get();
  }

  public ScriptedProviderClient then(Supplier<Mono<ProviderResponse>> step) {
    script.add(step);
    return this;
  }

  public ScriptedProviderClient thenFail(ErrorType type, int times) {
    for (int i = 0; i < times; i++) {
      script.add(failure(type, null));
    }
    return this;
  }

  /** What every call past the script does. */
  public ScriptedProviderClient otherwise(Supplier<Mono<ProviderResponse>> behaviour) {
    this.otherwise = behaviour;
    return this;
  }

  public Supplier<Mono<ProviderResponse>> answer() {
    return () -> Mono.just(new ProviderResponse("model", "an answer", Usage.of(3, 4), "stop", false));
  }

  public Supplier<Mono<ProviderResponse>> failure(ErrorType type, Duration retryAfter) {
    return () -> Mono.error(new ProviderException(provider, "model", type, type == ErrorType.RATE_LIMITED ? 429 : 500,
        "scripted " + type.code(), retryAfter, null, null));
  }

  /**
   * A failure with the provider's own message and, when {@code usage} is not null, the usage a billed
   * but unusable 2xx answer reported (then the status is 200, else 400 for a caller's error, 500 otherwise).
   */
  public Supplier<Mono<ProviderResponse>> failure(ErrorType type, String message, Usage usage) {
    int status = usage != null ? 200 : type.callerError() ? 400 : 500;
    return () -> Mono.error(new ProviderException(provider, "model", type, status, message, null, null, usage, null));
  }

  /** An answer with this usage. */
  public Supplier<Mono<ProviderResponse>> answer(Usage usage) {
    return () -> Mono.just(new ProviderResponse("model", "an answer", usage, "stop", false));
  }

  public Supplier<Mono<ProviderResponse>> hang() {
    return Mono::never;
  }
}

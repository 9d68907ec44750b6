package io.multiai.gateway.providers.resilience;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.timelimiter.TimeLimiterOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.multiai.gateway.common.catalog.ProviderId;
import io.multiai.gateway.providers.ErrorType;
import io.multiai.gateway.providers.ProviderClient;
import io.multiai.gateway.providers.ProviderException;
import io.multiai.gateway.providers.ProviderRequest;
import reactor.core.publisher.Mono;

/**
 * The resilience policies of provider calls, one set per model, shared by every worker so all of them
 * behave alike. One {@link #call} is one model's part of a request:
 *
 * <pre>
 * circuit breaker (per model: one permission per request, one success or failure per request)
 *   └ retry (per model: at most maxAttempts, backoff with full jitter or the provider's Retry-After up
 *           to a cap, only retryable errors, never past the request's deadline)
 *       └ bulkhead (per provider: at most maxConcurrentCalls in flight; a full one refuses at once)
 *           └ time limit (per attempt) and the request's deadline
 *               └ the provider call
 * </pre>
 *
 * <p><b>The circuit breaker counts requests, not attempts.</b> The breaker wraps the retry: one
 * request's call of a model, retries included, is one observation, a failure only when the model
 * could not answer after its retries. The circuit opens after {@code failureThreshold} consecutive
 * failed requests (a count-based window of that size, all failed). Transient errors are the retry's
 * business, lasting ones the breaker's: with 30 % random 500s and 3 attempts a model fails 2.7 % of
 * requests and five in a row almost never (about 1 in 70 million), so a flaky but usable provider
 * keeps its traffic; counting attempts would open it after a run of five failed attempts, which at
 * 30 % happens about every 600 attempts, and move its load onto the others until they open too. A
 * provider that is hard down opens its circuit after {@code failureThreshold} requests
 * ({@code failureThreshold × maxAttempts} provider calls); while open, a request skips the model
 * without calling it. After {@code openMs} one request is let through as the probe (half-open): it
 * closes the circuit if the model answers within its retries and opens it again otherwise.
 *
 * <p>What a request's last failure must be to count against a model: server errors, overload, rate
 * limiting, timeouts of the model's own time limit, connection failures, and lasting failures (rejected
 * key, unknown model). What does not count either way: failures the request caused (bad request,
 * payload too large, input beyond the context window, blocked content: {@code ErrorType.callerError()}),
 * a full bulkhead, and the request's own deadline expiring, which
 * say nothing about the model's health.
 *
 * <p>The clock is injected (the breaker's open period runs on it), and so is the jitter's source of
 * randomness, so tests are deterministic without sleeping.
 */
public final class ModelResilience {

  private static final Logger log = LoggerFactory.getLogger(ModelResilience.class);

  /** A request without a deadline still ends some day (and Reactor's timers overflow past ~292 years). */
  private static final long NO_DEADLINE_MS = Duration.ofDays(1).toMillis();

  private final ResilienceProperties properties;
  private final Clock clock;
  private final CircuitBreakerRegistry breakers;
  private final RetryRegistry retries;
  private final BulkheadRegistry bulkheads;
  private final TimeLimiter timeLimiter;
  private final Map<String, ProviderId> providerOfBreaker = new ConcurrentHashMap<>();
  private final Map<String, Long> openUntil = new ConcurrentHashMap<>();
  private final List<Consumer<CircuitTransition>> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, Counter> deadlineStops = new ConcurrentHashMap<>();
  private volatile MeterRegistry meters;

  public ModelResilience(ResilienceProperties properties, Clock clock) {
    this(properties, clock, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** @param random the jitter's source, uniform in [0, 1) */
  public ModelResilience(ResilienceProperties properties, Clock clock, DoubleSupplier random) {
    this.properties = properties;
    this.clock = clock;
    ResilienceProperties.CircuitBreaker cb = properties.circuitBreaker();
    this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
        .slidingWindow(cb.failureThreshold(), cb.failureThreshold(), CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .failureRateThreshold(100)
        .waitDurationInOpenState(Duration.ofMillis(cb.openMs()))
        .permittedNumberOfCallsInHalfOpenState(cb.halfOpenProbes())
        .automaticTransitionFromOpenToHalfOpenEnabled(false)
        .ignoreException(error -> !countsAgainstModel(error))
        .clock(clock)
        .build());
    ResilienceProperties.Retry retry = properties.retry();
    Duration cap = retry.retryAfterCap();
    this.retries = RetryRegistry.of(RetryConfig.custom()
        .maxAttempts(retry.maxAttempts())
        .intervalBiFunction(new Backoff(retry.baseDelayMs(), retry.maxDelay(), random))
        .retryOnException(error -> error instanceof ProviderException failure && failure.retryable()
            && failure.retryAfter().map(wait -> wait.compareTo(cap) <= 0).orElse(true))
        .failAfterMaxAttempts(false)
        .build());
    this.bulkheads = BulkheadRegistry.of(BulkheadConfig.custom()
        .maxConcurrentCalls(properties.bulkhead().maxConcurrentCalls())
        .maxWaitDuration(Duration.ZERO)
        .build());
    this.timeLimiter = TimeLimiter.of("provider-call", TimeLimiterConfig.custom().timeoutDuration(properties.timeLimit()).build());
  }

  public ResilienceProperties properties() {
    return properties;
  }

  /** Publishes breaker state, retry and bulkhead figures per model/provider (resilience4j_* meters). */
  public ModelResilience bindTo(MeterRegistry registry) {
    TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registry);
    TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(registry);
    TaggedBulkheadMetrics.ofBulkheadRegistry(bulkheads).bindTo(registry);
    this.meters = registry;
    return this;
  }

  /** Called on every circuit state change of this instance (on the calling thread: keep it quick). */
  public void onTransition(Consumer<CircuitTransition> listener) {
    listeners.add(listener);
  }

  /** The model's circuit on this instance; CLOSED for a model not called yet. */
  public CircuitState state(String model) {
    CircuitBreaker breaker = breakers.find(model).orElse(null);
    return breaker == null ? CircuitState.CLOSED : CircuitState.of(breaker.getState());
  }

  /** When the model's open circuit lets a probe through, if it is open. */
  public OptionalLong retryAtMs(String model) {
    if (state(model) != CircuitState.OPEN) {
      return OptionalLong.empty();
    }
    Long until = openUntil.get(model);
    return until == null ? OptionalLong.empty() : OptionalLong.of(until);
  }

  /**
   * Calls {@code request.model()} through its policies until it answers, its attempts are used up, its
   * circuit refuses, or the deadline (epoch ms) comes. Never fails: every attempt, failed or not, is in
   * the result.
   */
  public Mono<ModelCallResult> call(ProviderClient client, ProviderRequest request, long deadlineMs) {
    String model = request.model();
    ProviderId provider = client.provider();
    if (deadlineMs - clock.millis() <= 0) {
      stoppedByDeadline(model);
      return Mono.just(new ModelCallResult(List.of(), true));
    }
    return Mono.defer(() -> {
      CircuitBreaker breaker = breaker(model, provider);
      if (!breaker.tryAcquirePermission()) {
        return Mono.just(new ModelCallResult(List.of(new AttemptOutcome(model, provider, AttemptOutcome.CIRCUIT_OPEN, 0, null,
            new ProviderException(provider, model, ErrorType.UNAVAILABLE, "circuit open"), false)), false));
      }
      long started = System.nanoTime();
      AtomicBoolean settled = new AtomicBoolean();
      Retry.AsyncContext<Object> context = retries.retry(model).asyncContext();
      Bulkhead bulkhead = bulkheads.bulkhead(provider.wireName());
      return attempt(client, request, deadlineMs, bulkhead, context, new ArrayList<>())
          .doOnNext(result -> {
            if (settled.compareAndSet(false, true)) {
              record(breaker, result, System.nanoTime() - started);
            }
          })
          .doOnCancel(() -> {
            if (settled.compareAndSet(false, true)) {
              breaker.releasePermission();
            }
          });
    });
  }

  /** One request's verdict on the model: answered, failed for a reason that counts, or neither. */
  private static void record(CircuitBreaker breaker, ModelCallResult result, long elapsedNanos) {
    if (result.succeeded()) {
      breaker.onSuccess(elapsedNanos, TimeUnit.NANOSECONDS);
      return;
    }
    AttemptOutcome last = result.attempts().isEmpty() ? null : result.attempts().get(result.attempts().size() - 1);
    if (last == null || !last.providerCalled() || AttemptOutcome.DEADLINE_EXCEEDED.equals(last.outcome())
        || !countsAgainstModel(last.failure())) {
      breaker.releasePermission();
    } else {
      breaker.onError(elapsedNanos, TimeUnit.NANOSECONDS, last.failure());
    }
  }

  private Mono<ModelCallResult> attempt(ProviderClient client, ProviderRequest request, long deadlineMs,
      Bulkhead bulkhead, Retry.AsyncContext<Object> context, List<AttemptOutcome> attempts) {
    String model = request.model();
    ProviderId provider = client.provider();
    long left = deadlineMs - clock.millis();
    if (left <= 0) {
      stoppedByDeadline(model);
      return Mono.just(new ModelCallResult(attempts, true));
    }
    long started = System.nanoTime();
    return Mono.defer(() -> client.complete(request))
        .transformDeferred(TimeLimiterOperator.of(timeLimiter))
        .timeout(Duration.ofMillis(Math.min(left, NO_DEADLINE_MS)), Mono.error(() -> new DeadlineExceededException(model)))
        .onErrorMap(error -> !(error instanceof DeadlineExceededException), error -> typed(provider, model, error))
        .transformDeferred(BulkheadOperator.of(bulkhead))
        .map(response -> {
          attempts.add(new AttemptOutcome(model, provider, AttemptOutcome.SUCCESS, elapsedMs(started), response, null, true));
          context.onComplete();
          return new ModelCallResult(attempts, false);
        })
        .onErrorResume(error -> {
          attempts.add(failed(provider, model, error, elapsedMs(started)));
          if (error instanceof DeadlineExceededException) {
            stoppedByDeadline(model);
            return Mono.just(new ModelCallResult(attempts, true));
          }
          long wait = context.onError(error);
          if (wait < 0) {
            return Mono.just(new ModelCallResult(attempts, false));
          }
          if (clock.millis() + wait >= deadlineMs) {
            stoppedByDeadline(model);
            return Mono.just(new ModelCallResult(attempts, true));
          }
          return Mono.delay(Duration.ofMillis(wait))
              .then(Mono.defer(() -> attempt(client, request, deadlineMs, bulkhead, context, attempts)));
        });
  }

  private CircuitBreaker breaker(String model, ProviderId provider) {
    providerOfBreaker.putIfAbsent(model, provider);
    return breakers.find(model).orElseGet(() -> {
      synchronized (this) {
        Optional<CircuitBreaker> existing = breakers.find(model);
        if (existing.isPresent()) {
          return existing.get();
        }
        CircuitBreaker created = breakers.circuitBreaker(model);
        created.getEventPublisher().onStateTransition(event -> transitioned(model, event.getStateTransition()));
        return created;
      }
    });
  }

  private void transitioned(String model, CircuitBreaker.StateTransition transition) {
    CircuitState from = CircuitState.of(transition.getFromState());
    CircuitState to = CircuitState.of(transition.getToState());
    long now = clock.millis();
    Long retryAt = null;
    if (to == CircuitState.OPEN) {
      retryAt = now + properties.circuitBreaker().openMs();
      openUntil.put(model, retryAt);
    } else {
      openUntil.remove(model);
    }
    if (from == to) {
      return;
    }
    log.info("circuit of {} {} -> {}", model, from, to);
    CircuitTransition event = new CircuitTransition(model, providerOfBreaker.get(model), from, to, retryAt, now);
    for (Consumer<CircuitTransition> listener : listeners) {
      try {
        listener.accept(event);
      } catch (RuntimeException e) {
        log.warn("a circuit transition listener failed: {}", e.toString());
      }
    }
  }

  private void stoppedByDeadline(String model) {
    MeterRegistry registry = meters;
    if (registry != null) {
      deadlineStops.computeIfAbsent(model, m -> Counter.builder("gateway.resilience.deadline.stops").tag("model", m)
          .description("model calls whose retries stopped because the request's deadline came").register(registry))
          .increment();
    }
  }

  private static AttemptOutcome failed(ProviderId provider, String model, Throwable error, long latencyMs) {
    if (error instanceof BulkheadFullException) {
      return new AttemptOutcome(model, provider, AttemptOutcome.BULKHEAD_FULL, 0, null,
          new ProviderException(provider, model, ErrorType.OVERLOADED, "too many calls in flight to " + provider), false);
    }
    if (error instanceof DeadlineExceededException) {
      return new AttemptOutcome(model, provider, AttemptOutcome.DEADLINE_EXCEEDED, latencyMs, null,
          new ProviderException(provider, model, ErrorType.TIMEOUT, "the request's deadline passed"), true);
    }
    ProviderException failure = typed(provider, model, error);
    return new AttemptOutcome(model, provider, failure.type().code(), latencyMs, null, failure, true);
  }

  static ProviderException typed(ProviderId provider, String model, Throwable error) {
    if (error instanceof ProviderException providerError) {
      return providerError;
    }
    if (error instanceof TimeoutException) {
      return new ProviderException(provider, model, ErrorType.TIMEOUT, "no answer within the time limit");
    }
    return new ProviderException(provider, model, ErrorType.SERVER_ERROR, 0,
        error.getClass().getSimpleName() + ": " + error.getMessage(), null, null, error);
  }

  /** Whether a failure says something about the model's health (and so counts toward opening its circuit). */
  static boolean countsAgainstModel(Throwable error) {
    if (!(error instanceof ProviderException failure)) {
      return !(error instanceof DeadlineExceededException || error instanceof BulkheadFullException);
    }
    return !failure.type().callerError();
  }

  private static long elapsedMs(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  /** The request's deadline passed during an attempt: not the model's fault. */
  static final class DeadlineExceededException extends RuntimeException {
    DeadlineExceededException(String model) {
      super("the request's deadline passed while calling " + model, null, false, false);
    }
  }
}

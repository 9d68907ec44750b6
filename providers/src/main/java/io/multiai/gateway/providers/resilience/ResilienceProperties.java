package io.multiai.gateway.providers.resilience;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The per-model resilience policies every worker applies to provider calls (see {@link ModelResilience}).
 * The operator guide's variables are mapped in {@code gateway-defaults.yml}.
 *
 * @param retry attempts per model, exponential backoff with full jitter, Retry-After honoured up to a cap
 * @param circuitBreaker consecutive failed attempts that open a model's circuit, and how long it stays open
 * @param timeLimit the longest one attempt may take (the request's deadline may cut it shorter)
 * @param bulkhead calls one worker may have in flight per provider
 */
@ConfigurationProperties("gateway.resilience")
public record ResilienceProperties(
    @DefaultValue Retry retry,
    @DefaultValue CircuitBreaker circuitBreaker,
    @DefaultValue("20s") Duration timeLimit,
    @DefaultValue Bulkhead bulkhead) {

  /**
   * @param maxAttempts attempts per model, the first included ({@code AI_RETRY_MAX_ATTEMPTS}); 1 means no retry
   * @param baseDelayMs base of the exponential backoff ({@code AI_RETRY_BASE_DELAY}): attempt n waits a
   *     uniformly random time in [0, min(maxDelay, base × 2^(n-1))] ("full jitter")
   * @param maxDelay the backoff's ceiling
   * @param retryAfterCap a provider's Retry-After is waited out when at most this long; a longer one
   *     ends the model's retries at once so the request falls back instead of waiting
   */
  public record Retry(
      @DefaultValue("3") int maxAttempts,
      @DefaultValue("1000") long baseDelayMs,
      @DefaultValue("10s") Duration maxDelay,
      @DefaultValue("5s") Duration retryAfterCap) {

    public Retry {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("gateway.resilience.retry.max-attempts (AI_RETRY_MAX_ATTEMPTS) must be at least 1");
      }
      if (baseDelayMs < 0) {
        throw new IllegalArgumentException("gateway.resilience.retry.base-delay-ms (AI_RETRY_BASE_DELAY) must not be negative");
      }
    }
  }

  /**
   * @param failureThreshold consecutive failed attempts that open a model's circuit ({@code AI_CIRCUIT_BREAKER_THRESHOLD})
   * @param openMs how long an open circuit refuses calls before one probe is let through ({@code AI_CIRCUIT_BREAKER_TIMEOUT})
   * @param halfOpenProbes calls let through while half-open; all must succeed to close the circuit
   */
  public record CircuitBreaker(
      @DefaultValue("5") int failureThreshold,
      @DefaultValue("60000") long openMs,
      @DefaultValue("1") int halfOpenProbes) {

    public CircuitBreaker {
      if (failureThreshold < 1) {
        throw new IllegalArgumentException("gateway.resilience.circuit-breaker.failure-threshold (AI_CIRCUIT_BREAKER_THRESHOLD) must be at least 1");
      }
      if (openMs < 1) {
        throw new IllegalArgumentException("gateway.resilience.circuit-breaker.open-ms (AI_CIRCUIT_BREAKER_TIMEOUT) must be positive");
      }
    }
  }

  /** @param maxConcurrentCalls calls in flight per provider; one more is refused at once (and falls back) */
  public record Bulkhead(@DefaultValue("128") int maxConcurrentCalls) {}

  /** Settings for tests and tools: everything at its default except what the caller changes. */
  public static ResilienceProperties defaults() {
    return new ResilienceProperties(new Retry(3, 1000, Duration.ofSeconds(10), Duration.ofSeconds(5)),
        new CircuitBreaker(5, 60_000, 1), Duration.ofSeconds(20), new Bulkhead(128));
  }

  public ResilienceProperties withRetry(int maxAttempts, long baseDelayMs) {
    return new ResilienceProperties(new Retry(maxAttempts, baseDelayMs, retry.maxDelay(), retry.retryAfterCap()),
        circuitBreaker, timeLimit, bulkhead);
  }

  public ResilienceProperties withRetryAfterCap(Duration cap) {
    return new ResilienceProperties(new Retry(retry.maxAttempts(), retry.baseDelayMs(), retry.maxDelay(), cap),
        circuitBreaker, timeLimit, bulkhead);
  }

  public ResilienceProperties withCircuitBreaker(int failureThreshold, long openMs) {
    return new ResilienceProperties(retry, new CircuitBreaker(failureThreshold, openMs, circuitBreaker.halfOpenProbes()),
        timeLimit, bulkhead);
  }

  public ResilienceProperties withTimeLimit(Duration limit) {
    return new ResilienceProperties(retry, circuitBreaker, limit, bulkhead);
  }

  public ResilienceProperties withBulkhead(int maxConcurrentCalls) {
    return new ResilienceProperties(retry, circuitBreaker, timeLimit, new Bulkhead(maxConcurrentCalls));
  }
}

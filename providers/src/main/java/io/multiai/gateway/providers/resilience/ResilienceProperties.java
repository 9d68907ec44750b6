package io.multiai.gateway.providers.resilience;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationStyle;

/**
 * The per-model resilience policies every worker applies to provider calls (see {@link ModelResilience}).
 * Every default is a {@code DEFAULT_*} constant here (as resilience4j's CircuitBreakerConfig keeps
 * its own); {@code gateway-defaults.yml} only maps the operator guide's variables onto these keys.
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
    @DefaultValue(DEFAULT_TIME_LIMIT) Duration timeLimit,
    @DefaultValue Bulkhead bulkhead) {

  // Every default, once (the operator guide's values); gateway-defaults.yml only maps the variables.
  // The variables' components are boxed: an unset variable binds as an empty value, which Spring turns
  // into null, and only a non-primitive null falls back to its @DefaultValue.
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  public static final long DEFAULT_BASE_DELAY_MS = 1000;
  public static final String DEFAULT_MAX_DELAY = "10s";
  public static final String DEFAULT_RETRY_AFTER_CAP = "5s";
  public static final int DEFAULT_FAILURE_THRESHOLD = 5;
  public static final long DEFAULT_OPEN_MS = 60_000;
  public static final int DEFAULT_HALF_OPEN_PROBES = 1;
  /** Per attempt: leaves time within the ingress's 30 s deadline to fall back. */
  public static final String DEFAULT_TIME_LIMIT = "20s";
  /**
   * Per provider and worker. A gateway's job is holding many slow calls open: at 1 s per answer, 128
   * capped a worker at 128 answers/s and refused the rest at once. The worker's in-flight limits
   * (router 2,048 + batch lane 32) are what make further requests wait in Kafka within their deadline;
   * this is set above their sum so that on one worker those limits bind first and the bulkhead only
   * refuses when something unforeseen piles calls onto one provider. Lower it for a provider whose
   * account allows less concurrency (its 429s would otherwise open the circuit).
   */
  public static final int DEFAULT_MAX_CONCURRENT_CALLS = 4096;

  /**
   * @param maxAttempts attempts per model, the first included ({@code AI_RETRY_MAX_ATTEMPTS}); 1 means no retry
   * @param baseDelayMs base of the exponential backoff ({@code AI_RETRY_BASE_DELAY}): attempt n waits a
   *     uniformly random time in [0, min(maxDelay, base × 2^(n-1))] ("full jitter")
   * @param maxDelay the backoff's ceiling
   * @param retryAfterCap a provider's Retry-After is waited out when at most this long; a longer one
   *     ends the model's retries at once so the request falls back instead of waiting
   */
  public record Retry(
      @DefaultValue("" + DEFAULT_MAX_ATTEMPTS) Integer maxAttempts,
      @DefaultValue("" + DEFAULT_BASE_DELAY_MS) Long baseDelayMs,
      @DefaultValue(DEFAULT_MAX_DELAY) Duration maxDelay,
      @DefaultValue(DEFAULT_RETRY_AFTER_CAP) Duration retryAfterCap) {

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
      @DefaultValue("" + DEFAULT_FAILURE_THRESHOLD) Integer failureThreshold,
      @DefaultValue("" + DEFAULT_OPEN_MS) Long openMs,
      @DefaultValue("" + DEFAULT_HALF_OPEN_PROBES) int halfOpenProbes) {

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
  public record Bulkhead(@DefaultValue("" + DEFAULT_MAX_CONCURRENT_CALLS) Integer maxConcurrentCalls) {}

  /** Settings for tests and tools: everything at its default except what the caller changes. */
  public static ResilienceProperties defaults() {
    return new ResilienceProperties(
        new Retry(DEFAULT_MAX_ATTEMPTS, DEFAULT_BASE_DELAY_MS, DurationStyle.detectAndParse(DEFAULT_MAX_DELAY),
            DurationStyle.detectAndParse(DEFAULT_RETRY_AFTER_CAP)),
        new CircuitBreaker(DEFAULT_FAILURE_THRESHOLD, DEFAULT_OPEN_MS, DEFAULT_HALF_OPEN_PROBES),
        DurationStyle.detectAndParse(DEFAULT_TIME_LIMIT), new Bulkhead(DEFAULT_MAX_CONCURRENT_CALLS));
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

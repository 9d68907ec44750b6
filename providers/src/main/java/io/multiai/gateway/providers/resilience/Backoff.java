package io.multiai.gateway.providers.resilience;

import java.time.Duration;
import java.util.function.DoubleSupplier;

import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.functions.Either;
import io.multiai.gateway.providers.ProviderException;

/**
 * How long to wait before the next attempt: the provider's Retry-After when it sent one (the retry
 * predicate already refused those above the cap), otherwise exponential backoff with full jitter —
 * uniformly random in [0, min(maxDelay, base × 2^(attempt-1))] — so retries of many requests spread out
 * instead of hitting a recovering provider together.
 */
final class Backoff implements IntervalBiFunction<Object> {

  private final long baseMs;
  private final long maxMs;
  private final DoubleSupplier random;

  Backoff(long baseMs, Duration max, DoubleSupplier random) {
    this.baseMs = baseMs;
    this.maxMs = max.toMillis();
    this.random = random;
  }

  /** @param attempt the number of attempts made so far (1 after the first failure) */
  @Override
  public Long apply(Integer attempt, Either<Throwable, Object> outcome) {
    if (outcome.isLeft() && outcome.getLeft() instanceof ProviderException failure && failure.retryAfter().isPresent()) {
      return failure.retryAfter().get().toMillis();
    }
    return (long) Math.floor(random.getAsDouble() * (ceiling(attempt) + 1));
  }

  /** The most attempt n may wait: base × 2^(n-1), at most maxDelay. */
  long ceiling(int attempt) {
    int doublings = Math.max(0, Math.min(attempt - 1, 30));
    long exponential = baseMs << doublings;
    return exponential < 0 ? maxMs : Math.min(maxMs, exponential);
  }
}

package io.multiai.gateway.ingress.ratelimit;

/**
 * The outcome of taking (or looking at) a token.
 *
 * @param resetSeconds until the bucket is full again
 * @param retryAfterSeconds until the next token, when refused
 */
public record RateDecision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {

  static long ceilSeconds(long nanos) {
    return nanos <= 0 ? 0 : (nanos + 999_999_999L) / 1_000_000_000L;
  }
}

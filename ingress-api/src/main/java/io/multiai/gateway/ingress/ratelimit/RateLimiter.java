package io.multiai.gateway.ingress.ratelimit;

import java.time.Duration;

import io.github.bucket4j.BucketConfiguration;
import reactor.core.publisher.Mono;

/**
 * Token buckets per (subject, endpoint class). A bucket holds {@code perMinute} tokens and is
 * refilled whole each minute after it was first used (Bucket4j's interval refill): the 101st call
 * within a minute is refused, and Retry-After says exactly when the next minute starts.
 */
public interface RateLimiter {

  /** Takes one token. */
  default Mono<RateDecision> consume(String bucketKey, long perMinute) {
    return consume(bucketKey, perMinute, 1);
  }

  /** Takes {@code tokens} tokens at once, or none when fewer are left (a batch's items per minute). */
  Mono<RateDecision> consume(String bucketKey, long perMinute, long tokens);

  /** The state of a bucket without taking a token (for /api/ai/status). */
  Mono<RateDecision> peek(String bucketKey, long perMinute);

  static BucketConfiguration configuration(long perMinute) {
    return BucketConfiguration.builder()
        .addLimit(limit -> limit.capacity(perMinute).refillIntervally(perMinute, Duration.ofMinutes(1)))
        .build();
  }

  /** The limit is part of the key, so a changed limit starts a fresh bucket instead of reusing a stored one. */
  static String key(String subject, String endpointClass, long perMinute) {
    return "rl:" + endpointClass + ":" + perMinute + ":" + subject;
  }
}
